"""Model building blocks shared by the apps."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class AppendOnlyModel(models.Model):
    """An audit trail: rows are written once and never changed."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise ValidationError(_("The audit trail cannot be changed."))
        super().save(*args, **kwargs)
