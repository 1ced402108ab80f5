from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DistrictReportsConfig(AppConfig):
    name = "district_reports"
    verbose_name = _("District reports to the province")
