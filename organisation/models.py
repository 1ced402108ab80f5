"""The organisation that runs the tracker: one row the office or the administrator sets in the admin.

Pages, e-mails and exported documents read its names from here (``selectors.organisation_current``),
so another district, or a province office, runs the same code by changing this row alone.
"""

from email.utils import parseaddr

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _


class Organisation(models.Model):
    authority = models.CharField(
        _("authority"), max_length=100, help_text=_("The kind of body that issues the documents, e.g. Ủy ban nhân dân.")
    )
    area_name = models.CharField(
        _("area"), max_length=100, help_text=_("The district or the province, with its level: e.g. huyện Tam Đường.")
    )
    province_name = models.CharField(
        _("province"),
        max_length=100,
        blank=True,
        help_text=_("For a district, its province: e.g. tỉnh Lai Châu. Leave empty for a province."),
    )
    place_name = models.CharField(
        _("place name in date lines"),
        max_length=100,
        help_text=_("Written before the date of documents: “Tam Đường, ngày 05 tháng 7 năm 2020”."),
    )
    short_name = models.CharField(
        _("short name"), max_length=60, help_text=_("Shown at the top of every page and in page titles: e.g. CCHC Tam Đường.")
    )
    office_name = models.CharField(
        _("office's name"),
        max_length=200,
        help_text=_("The office that runs the tracker, named at the foot of pages: e.g. Văn phòng HĐND và UBND huyện Tam Đường."),
    )
    mail_sender = models.CharField(
        _("e-mail sender"),
        max_length=200,
        blank=True,
        help_text=_(
            "Name and address the e-mails come from, e.g. CCHC Tam Đường <cchc@tamduong.laichau.gov.vn>. "
            "Empty: the server's DEFAULT_FROM_EMAIL."
        ),
    )
    report_copies_to = models.TextField(
        _("copies of reports upward (Nơi nhận)"),
        blank=True,
        help_text=_(
            "One recipient per line, pre-filled in the “Nơi nhận” of each new report to the province, between "
            "“Như trên” (the addressees) and the archive line."
        ),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisation")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.authority_name

    @property
    def authority_name(self) -> str:
        """The full name of the body, e.g. "Ủy ban nhân dân huyện Tam Đường"."""
        return f"{self.authority} {self.area_name}"

    @property
    def header_lines(self) -> tuple[str, str]:
        """The two upper-case lines of a document's header (Nghị định 30): "ỦY BAN NHÂN DÂN", "HUYỆN TAM ĐƯỜNG"."""
        return self.authority.upper(), self.area_name.upper()

    @property
    def region_line(self) -> str:
        """Where the organisation is, for the page header: "Huyện Tam Đường, tỉnh Lai Châu"."""
        return ", ".join(part for part in (capfirst(self.area_name), self.province_name) if part)

    def clean(self) -> None:
        if self.mail_sender:
            address = parseaddr(self.mail_sender)[1]
            try:
                validate_email(address)
            except ValidationError:
                message = _("Write a name and an e-mail address, e.g. CCHC Tam Đường <cchc@example.gov.vn>.")
                raise ValidationError({"mail_sender": ValidationError(message, code="invalid_sender")}) from None
