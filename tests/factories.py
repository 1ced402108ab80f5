"""factory_boy factories shared by every app's tests."""

import datetime

import factory
from django.contrib.auth import get_user_model

from directives.models import Assignment, Directive, ProgressReport, ReportingPeriod, Task
from directives.services import report_state_tallies_refresh
from units.models import DistrictRole, DistrictRoleKind, MemberRole, Membership, Unit, UnitKind


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.invalid")
    password = factory.django.Password("test-pass-123")


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    code = factory.Sequence(lambda n: f"unit-{n}")
    name = factory.Sequence(lambda n: f"UBND xã Thử {n}")
    short_name = factory.Sequence(lambda n: f"Thử {n}")
    kind = UnitKind.COMMUNE
    email = factory.LazyAttribute(lambda o: f"{o.code}@example.invalid")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    unit = factory.SubFactory(UnitFactory)
    role = MemberRole.HEAD


class DistrictRoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DistrictRole

    user = factory.SubFactory(UserFactory)
    role = DistrictRoleKind.OFFICE


class DirectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Directive

    number = factory.Sequence(lambda n: f"{100 + n}/UBND-VP")
    issue_date = datetime.date(2020, 3, 31)
    issuing_body = "Ủy ban nhân dân huyện Tam Đường"
    signer_name = "Người ký thử"
    signer_title = "Chủ tịch"
    subject = "V/v thử nghiệm"


class TaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Task

    directive = factory.SubFactory(DirectiveFactory)
    number = factory.Sequence(lambda n: n + 1)
    short_label = factory.Sequence(lambda n: f"Nhiệm vụ {n + 1}")
    text = "Nội dung nhiệm vụ."


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    task = factory.SubFactory(TaskFactory)
    unit = factory.SubFactory(UnitFactory)


class PeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportingPeriod

    directive = factory.SubFactory(DirectiveFactory)
    label = factory.Sequence(lambda n: f"Kỳ {n}")
    start_date = datetime.date(2020, 4, 1)
    end_date = datetime.date(2020, 6, 30)
    due_date = datetime.date(2020, 6, 15)


class ReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressReport

    assignment = factory.SubFactory(AssignmentFactory)
    period = factory.SubFactory(PeriodFactory, directive=factory.SelfAttribute("..assignment.task.directive"))
    # As directive_sync_reports creates rows; an approved extension moves it via report_deadlines_refresh.
    deadline = factory.LazyAttribute(lambda report: report.period.due_date)
    unit = factory.SelfAttribute("assignment.unit")
    task = factory.SelfAttribute("assignment.task")

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        super()._after_postgeneration(instance, create, results)
        # As the services do for every row they write: the period's stored tallies count it.
        if create:
            report_state_tallies_refresh(periods=[instance.period_id])
