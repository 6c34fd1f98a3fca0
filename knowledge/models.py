"""Laws article by article, guides for workers and typical cases, and the one
search index over all three (knowledge.search)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from cases.workflow import Outcome


class Law(models.Model):
    class Status(models.TextChoices):
        IN_FORCE = "in_force", _("In force")
        AMENDED = "amended", _("Amended")
        REPEALED = "repealed", _("Repealed")

    title = models.CharField(_("name of the law"), max_length=128)
    issuing_body = models.CharField(_("issuing body"), max_length=128)
    version_date = models.DateField(_("version date"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.IN_FORCE
    )
    preamble = models.TextField(_("text before the first article"), blank=True)
    imported_at = models.DateTimeField(_("imported at"), auto_now=True)

    class Meta:
        ordering = ["title", "-version_date"]
        verbose_name = _("law or regulation")
        verbose_name_plural = _("laws and regulations")
        constraints = [
            models.UniqueConstraint(fields=["title", "version_date"], name="law_unique_version"),
        ]
        permissions = [("use_knowledge", _("Can use the knowledge base beside cases and calls"))]

    def __str__(self) -> str:
        return f"{self.title} ({self.version_date:%Y-%m-%d})"


class Division(models.Model):
    """A chapter (章) or a section (节) inside a chapter."""

    class Kind(models.TextChoices):
        CHAPTER = "chapter", _("Chapter")
        SECTION = "section", _("Section")

    law = models.ForeignKey(Law, on_delete=models.CASCADE, related_name="divisions")
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="sections"
    )
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    number = models.PositiveSmallIntegerField(_("number"))
    label = models.CharField(_("heading number"), max_length=16)  # 第二章
    title = models.CharField(_("heading"), max_length=128)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["law", "order"]
        verbose_name = _("chapter or section")
        verbose_name_plural = _("chapters and sections")

    def __str__(self) -> str:
        return f"{self.label} {self.title}"


class Article(models.Model):
    law = models.ForeignKey(Law, on_delete=models.CASCADE, related_name="articles")
    chapter = models.ForeignKey(
        Division, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    section = models.ForeignKey(
        Division, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    number = models.PositiveSmallIntegerField(_("article number"))
    label = models.CharField(_("article"), max_length=16)  # 第三十六条
    # Paragraphs (款) one per line.
    text = models.TextField(_("text"))
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["law", "order"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        constraints = [
            models.UniqueConstraint(fields=["law", "number"], name="article_unique_number"),
        ]

    def __str__(self) -> str:
        return f"《{self.law.title}》{self.label}"

    @property
    def paragraphs(self) -> list[str]:
        return [line for line in self.text.splitlines() if line.strip()]


class Guide(models.Model):
    """Plain-language help for a worker: what to do, what to bring, how long it takes."""

    slug = models.SlugField(_("web address"), unique=True)
    title = models.CharField(_("heading"), max_length=128)
    summary = models.TextField(_("in short"))
    # Weighed like the title: the words workers search with (欠薪, 被开除 …).
    keywords = models.CharField(_("search words"), max_length=255, blank=True)
    steps = models.TextField(_("steps, one per line"))
    documents = models.TextField(_("documents to bring, one per line"), blank=True)
    category = models.ForeignKey(
        "cases.DisputeCategory",
        verbose_name=_("dispute category"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The time limits shown are read from the rule table the deadlines use.
    deadline_rules = models.ManyToManyField(
        "cases.DeadlineRule", verbose_name=_("time limits"), blank=True, related_name="+"
    )
    articles = models.ManyToManyField(
        Article, verbose_name=_("articles"), blank=True, related_name="guides"
    )
    published = models.BooleanField(_("published"), default=True)
    order = models.PositiveSmallIntegerField(_("display order"), default=0)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("guide")
        verbose_name_plural = _("guides")

    def __str__(self) -> str:
        return self.title

    @property
    def step_list(self) -> list[str]:
        return [line.strip() for line in self.steps.splitlines() if line.strip()]

    @property
    def document_list(self) -> list[str]:
        return [line.strip() for line in self.documents.splitlines() if line.strip()]


class PublicEmployer(models.Model):
    """An employer whose name a typical case may print (a state body, a judgment
    already public); every other employer's name is replaced in a draft."""

    name = models.CharField(_("employer"), max_length=128)
    employer_key = models.CharField(max_length=128, unique=True, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("employer that may be named")
        verbose_name_plural = _("employers that may be named")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        from cases.services import employer_key

        self.employer_key = employer_key(self.name)
        super().save(*args, **kwargs)


class TypicalCase(models.Model):
    """典型案例: written by staff from a closed case, published by a department head."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("Awaiting review")
        PUBLISHED = "published", _("Published")

    title = models.CharField(_("heading"), max_length=128)
    facts = models.TextField(_("what happened"))
    handling = models.TextField(_("how the union handled it"), blank=True)
    outcome = models.CharField(_("outcome"), max_length=24, choices=Outcome.choices, blank=True)
    outcome_note = models.TextField(_("result"), blank=True)
    lesson = models.TextField(_("what workers can learn"), blank=True)
    categories = models.ManyToManyField(
        "cases.DisputeCategory", verbose_name=_("dispute categories"), related_name="+"
    )
    articles = models.ManyToManyField(
        Article, verbose_name=_("articles applied"), blank=True, related_name="typical_cases"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    # Internal only: never shown on a public page.
    source_case = models.ForeignKey(
        "cases.Case", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    department = models.ForeignKey(
        "accounts.Department", on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, related_name="+"
    )
    reviewed_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("typical case")
        verbose_name_plural = _("typical cases")
        permissions = [("publish_typicalcase", _("Can review and publish typical cases"))]

    def __str__(self) -> str:
        return self.title


class SearchDocument(models.Model):
    """One searchable thing (an article, a guide, a published typical case), its
    text folded and segmented into words (knowledge.search.segment).

    The full-text index itself is the database's: on PostgreSQL a `tsvector`
    column with a GIN index, on SQLite an FTS5 table keyed by this row's id;
    both are created by the migration and kept by knowledge.search."""

    class Kind(models.TextChoices):
        GUIDE = "guide", _("Guide")
        ARTICLE = "article", _("Article")
        TYPICAL_CASE = "typical_case", _("Typical case")
        # Internal: a closed case of the union, for "similar cases" beside a case. Only
        # its words are kept (no text, so no snippet), and never searched publicly.
        CLOSED_CASE = "closed_case", _("Closed case")

    kind = models.CharField(max_length=16, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField()
    title = models.CharField(max_length=255)
    body = models.TextField()
    title_words = models.TextField()
    body_words = models.TextField()
    url = models.CharField(max_length=255)
    category_codes = models.CharField(max_length=255, blank=True)  # " pay dismissal "

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="searchdocument_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.title}"


class Lecture(models.Model):
    """A session of the union's legal-education lectures (工会普法大讲堂): announced
    before it is held, and linked afterwards to the activity recorded under the measure,
    which is what the leadership counts."""

    title = models.CharField(_("topic"), max_length=200)
    speaker = models.CharField(_("speaker"), max_length=128, blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    place = models.CharField(_("place"), max_length=200)
    audience = models.CharField(_("for whom"), max_length=200, blank=True)
    summary = models.TextField(_("what it covers"), blank=True)
    published = models.BooleanField(
        _("published"), default=False, help_text=_("Shown on the public pages.")
    )
    department = models.ForeignKey(
        "accounts.Department",
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    activity = models.OneToOneField(
        "leadership.Activity",
        verbose_name=_("activity recorded under the measure"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="lecture",
        limit_choices_to={"kind": "lecture"},
    )
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", editable=False
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-starts_at", "-id"]
        verbose_name = _("legal-education lecture")
        verbose_name_plural = _("legal-education lectures")
        indexes = [
            models.Index(
                fields=["starts_at"], condition=models.Q(published=True), name="lecture_published"
            )
        ]

    def __str__(self) -> str:
        return self.title
