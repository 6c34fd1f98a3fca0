"""The API's request and answer shapes. Requests are checked for shape here (types,
unknown fields); what a complaint may say is checked by the web form's own
ComplaintForm, so the two doors refuse the same things with the same words."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import serializers

from cases.forms import ComplaintForm, TrackForm
from cases.models import DisputeCategory, District, Industry
from cases.uploads import MAX_EVIDENCE_FILES
from cases.workflow import Stage, Status
from hotline.models import Urgency
from zhanjiang_union.masking import mask_phone, mask_resident_id

from .models import WorkOrder, WorkOrderRequest


class StrictCharField(serializers.CharField):
    """A string, not a number or a list turned into one."""

    default_error_messages = {"invalid": gettext_lazy("Must be a string.")}

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictIntegerField(serializers.IntegerField):
    default_error_messages = {"invalid": gettext_lazy("Must be a whole number.")}

    def to_internal_value(self, data):
        if isinstance(data, bool) or isinstance(data, float):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictSerializer(serializers.Serializer):
    """Refuses fields it does not know, rather than dropping them silently."""

    def to_internal_value(self, data):
        errors = {}
        if hasattr(data, "keys"):
            errors = {name: [_("Unknown field.")] for name in set(data.keys()) - set(self.fields)}
        try:
            value = super().to_internal_value(data)
        except serializers.ValidationError as error:
            errors = {**error.detail, **errors}
        if errors:
            raise serializers.ValidationError(errors)
        return value


def form_errors(form) -> dict:
    """A Django form's errors, keyed as the API's fields."""
    return {
        ("non_field_errors" if field == "__all__" else field): [str(e) for e in errors]
        for field, errors in form.errors.items()
    }


class ComplaintSerializer(StrictSerializer):
    name = StrictCharField(max_length=64)
    id_number = StrictCharField(max_length=20, help_text="18 characters (GB 11643).")
    phone = StrictCharField(max_length=20, help_text="Mainland mobile number.")
    email = serializers.EmailField(required=False, allow_blank=True)
    address = StrictCharField(max_length=255, required=False, allow_blank=True)
    employer_name = StrictCharField(max_length=128)
    employer_credit_code = StrictCharField(
        max_length=20, required=False, allow_blank=True, help_text="18 characters (GB 32100)."
    )
    employer_address = StrictCharField(max_length=255, required=False, allow_blank=True)
    district = serializers.SlugField(help_text="A district's code, e.g. chikan.")
    industry = serializers.ChoiceField(choices=Industry.choices)
    category = serializers.SlugField(help_text="A dispute category's code, e.g. wages.")
    workers_involved = StrictIntegerField(min_value=1, max_value=100_000, default=1)
    amount_claimed = serializers.DecimalField(
        max_digits=14, decimal_places=2, min_value=0, required=False, allow_null=True
    )
    facts = StrictCharField(max_length=5000)
    demand = StrictCharField(max_length=2000)
    evidence = serializers.ListField(
        child=serializers.FileField(),
        required=False,
        max_length=MAX_EVIDENCE_FILES,
        help_text="multipart/form-data only: PDF, JPG, PNG or Word, up to 10 files of 10 MB.",
    )

    def validate(self, attrs):
        """The web form's validation, on the same values: its normalising of ID numbers
        and phones, its checks of codes and evidence content."""
        data = {key: value for key, value in self.initial_data.items() if key != "evidence"}
        data.update(
            {key: attrs[key] for key in attrs if key not in ("evidence", "district", "category")}
        )
        if attrs.get("amount_claimed") is None:
            data["amount_claimed"] = ""
        district = District.objects.filter(code=attrs["district"], active=True).first()
        category = DisputeCategory.objects.filter(code=attrs["category"], active=True).first()
        data["district"] = district.pk if district else "unknown"
        data["category"] = category.pk if category else "unknown"
        files = self.context.get("files")
        form = ComplaintForm(data, files)
        if not form.is_valid():
            raise serializers.ValidationError(form_errors(form))
        return form.cleaned_data


class ComplaintFiledSerializer(serializers.Serializer):
    number = serializers.CharField(help_text="The case number, e.g. 湛工维〔2026〕00123号.")
    query_code = serializers.CharField(help_text="Shown to the worker once; sent by SMS.")
    status = serializers.ChoiceField(choices=Status.choices)
    stage = serializers.ChoiceField(choices=Stage.choices)
    track_url = serializers.CharField()


class TrackSerializer(StrictSerializer):
    number = StrictCharField(max_length=32)
    code = StrictCharField(max_length=16)

    def validate(self, attrs):
        form = TrackForm(attrs)
        if not form.is_valid():
            raise serializers.ValidationError(form_errors(form))
        return form.cleaned_data


class TimelineLineSerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    text = serializers.CharField()


class NextDeadlineSerializer(serializers.Serializer):
    rule = serializers.CharField()
    due_on = serializers.DateField()
    paused = serializers.BooleanField()


class TrackedCaseSerializer(serializers.Serializer):
    """What the worker's tracking page shows, and nothing more."""

    number = serializers.CharField()
    stage = serializers.CharField()
    status = serializers.CharField()
    outcome = serializers.CharField(allow_blank=True)
    department = serializers.CharField()
    # The union organisation handling the case (湛江市总工会, a county or township federation).
    handling_union = serializers.CharField(allow_blank=True)
    filed_at = serializers.DateTimeField()
    next_deadline = NextDeadlineSerializer(allow_null=True)
    timeline = TimelineLineSerializer(many=True)


class ComplainantMaskedSerializer(serializers.Serializer):
    name = serializers.CharField()
    phone = serializers.SerializerMethodField()
    id_number = serializers.SerializerMethodField()

    def get_phone(self, person) -> str:
        return mask_phone(person.phone)

    def get_id_number(self, person) -> str:
        return mask_resident_id(person.id_number)


class CaseListItemSerializer(serializers.Serializer):
    number = serializers.CharField()
    status = serializers.CharField()
    stage = serializers.CharField()
    department = serializers.CharField(source="department.name")
    district = serializers.CharField(source="district.code")
    category = serializers.CharField(source="category.code")
    industry = serializers.CharField()
    channel = serializers.CharField()
    employer_name = serializers.CharField()
    workers_involved = serializers.IntegerField()
    is_collective = serializers.BooleanField()
    next_due_on = serializers.DateField(allow_null=True)
    deadline_state = serializers.CharField(allow_blank=True)
    created_at = serializers.DateTimeField()
    complainants = ComplainantMaskedSerializer(many=True)


class CaseDetailSerializer(CaseListItemSerializer):
    outcome = serializers.CharField(allow_blank=True)
    facts = serializers.CharField()
    demand = serializers.CharField()
    amount_claimed = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    amount_recovered = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    closed_at = serializers.DateTimeField(allow_null=True)
    timeline = TimelineLineSerializer(many=True)


class CaseFilterSerializer(StrictSerializer):
    """The workbench's filters, as query parameters."""

    q = StrictCharField(required=False, max_length=64)
    stage = serializers.ChoiceField(choices=Stage.choices, required=False)
    status = serializers.ChoiceField(choices=Status.choices, required=False)
    district = serializers.SlugField(required=False)
    category = serializers.SlugField(required=False)
    channel = serializers.CharField(required=False, max_length=16)
    collective = serializers.BooleanField(required=False, allow_null=True, default=None)
    deadline = serializers.ChoiceField(
        choices=["normal", "due_soon", "overdue", "overdue_long", "late", "paused"],
        required=False,
    )
    closed = serializers.BooleanField(required=False, default=False)
    created_from = serializers.DateField(required=False)
    created_to = serializers.DateField(required=False)
    cursor = serializers.CharField(required=False)
    page_size = serializers.IntegerField(required=False, min_value=1, max_value=100)


# --- 12345 work orders -----------------------------------------------------------------


class CallerSerializer(StrictSerializer):
    name = StrictCharField(max_length=64)
    phone = StrictCharField(max_length=20)
    id_number = StrictCharField(max_length=20, required=False, allow_blank=True)


class WorkOrderInSerializer(StrictSerializer):
    order_number = StrictCharField(max_length=64)
    received_at = serializers.DateTimeField()
    caller = CallerSerializer()
    content = StrictCharField(max_length=5000)
    demand = StrictCharField(max_length=2000, required=False, allow_blank=True)
    category = serializers.SlugField(help_text="A dispute category's code.")
    platform_category = StrictCharField(max_length=64, required=False, allow_blank=True)
    urgency = serializers.ChoiceField(choices=Urgency.choices, default=Urgency.NORMAL)
    employer_name = StrictCharField(max_length=128)
    district = serializers.SlugField()
    industry = serializers.ChoiceField(choices=Industry.choices, default=Industry.RESIDENT_SERVICES)
    sign_by = serializers.DateTimeField()
    reply_by = serializers.DateTimeField()

    def validate(self, attrs):
        from django.core.exceptions import ValidationError as DjangoValidationError

        from cases.validators import (
            normalize_mobile,
            normalize_resident_id,
            validate_mainland_mobile,
            validate_resident_id,
        )

        errors = {}
        caller = attrs["caller"]
        try:
            caller["phone"] = normalize_mobile(caller["phone"])
            validate_mainland_mobile(caller["phone"])
        except DjangoValidationError as error:
            errors["caller.phone"] = list(error.messages)
        if caller.get("id_number"):
            try:
                caller["id_number"] = normalize_resident_id(caller["id_number"])
                validate_resident_id(caller["id_number"])
            except DjangoValidationError as error:
                errors["caller.id_number"] = list(error.messages)
        attrs["category"] = DisputeCategory.objects.filter(
            code=attrs["category"], active=True
        ).first()
        if attrs["category"] is None:
            errors["category"] = [_("No dispute category has this code.")]
        attrs["district"] = District.objects.filter(code=attrs["district"], active=True).first()
        if attrs["district"] is None:
            errors["district"] = [_("No district has this code.")]
        if attrs["reply_by"] < attrs["sign_by"]:
            errors["reply_by"] = [_("The reply is due after the signing for.")]
        if errors:
            raise serializers.ValidationError(errors)
        return attrs


class WorkOrderSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    order_number = serializers.CharField()
    status = serializers.ChoiceField(choices=WorkOrder.Status.choices)
    case_number = serializers.CharField(source="case.number")
    linked_to_open_case = serializers.BooleanField(required=False)


class RatingSerializer(StrictSerializer):
    rating = serializers.ChoiceField(choices=WorkOrder.Rating.choices)
    note = StrictCharField(max_length=2000, required=False, allow_blank=True)
    rework_reply_by = serializers.DateTimeField(
        required=False,
        help_text="With a dissatisfied rating: the order comes back for rework, to be "
        "answered again by this time.",
    )


class DecisionSerializer(StrictSerializer):
    decision = serializers.ChoiceField(choices=["approved", "refused"])
    note = StrictCharField(max_length=2000, required=False, allow_blank=True)
    reply_by = serializers.DateTimeField(
        required=False,
        help_text="With an approved extension: the reply limit granted, when it is not "
        "the one asked for.",
    )


class WorkOrderRequestSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=WorkOrderRequest.Kind.choices)
    decision = serializers.ChoiceField(choices=WorkOrderRequest.Decision.choices)
    reply_by = serializers.DateTimeField(allow_null=True)
    work_order = WorkOrderSerializer()
