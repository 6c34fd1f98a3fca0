from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _

from . import search, services
from .forms import LawUploadForm
from .importer import LawImportError, law_import
from .models import Article, Guide, Law, Lecture, PublicEmployer, TypicalCase


class ArticleInline(admin.TabularInline):
    model = Article
    fields = ["label", "text"]
    readonly_fields = ["label"]
    extra = 0
    can_delete = False
    show_change_link = True


@admin.register(Law)
class LawAdmin(admin.ModelAdmin):
    list_display = ["title", "issuing_body", "version_date", "status"]
    list_filter = ["status"]
    search_fields = ["title"]
    readonly_fields = ["imported_at"]
    inlines = [ArticleInline]
    change_list_template = "admin/knowledge/law/change_list.html"

    def get_urls(self):
        return [
            path(
                "import/", self.admin_site.admin_view(self.import_view), name="knowledge_law_import"
            ),
            *super().get_urls(),
        ]

    def import_view(self, request):
        """Upload a law's plain text; every line it cannot place is listed and nothing is saved."""
        if not request.user.has_perm("knowledge.add_law"):
            raise PermissionDenied
        form = LawUploadForm(request.POST or None, request.FILES or None)
        problems = []
        status = 200
        if request.method == "POST":
            if form.is_valid():
                data = form.cleaned_data
                try:
                    law = law_import(
                        text=data["file"],
                        title=data["title"],
                        issuing_body=data["issuing_body"],
                        version_date=data["version_date"],
                        status=data["status"],
                    )
                except LawImportError as error:
                    problems = error.problems
                    status = 400
                else:
                    messages.success(
                        request,
                        _("%(title)s imported: %(count)s articles.")
                        % {"title": law.title, "count": law.articles.count()},
                    )
                    return redirect(reverse("admin:knowledge_law_change", args=[law.pk]))
            else:
                status = 400
        context = {
            **self.admin_site.each_context(request),
            "title": _("Import a law from plain text"),
            "form": form,
            "problems": problems,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/knowledge/law/import.html", context, status=status)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        search.law_index(law=form.instance)


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["__str__", "law"]
    list_filter = ["law"]
    search_fields = ["text"]
    fields = ["law", "label", "text"]
    readonly_fields = ["law", "label"]

    def has_add_permission(self, request):
        return False

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        search.law_index(law=obj.law)


@admin.register(Guide)
class GuideAdmin(admin.ModelAdmin):
    list_display = ["title", "category", "published", "order"]
    list_filter = ["published", "category"]
    prepopulated_fields = {}
    filter_horizontal = ["deadline_rules", "articles"]
    search_fields = ["title"]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.guide_save(guide=form.instance)


@admin.register(PublicEmployer)
class PublicEmployerAdmin(admin.ModelAdmin):
    list_display = ["name"]
    search_fields = ["name"]


@admin.register(TypicalCase)
class TypicalCaseAdmin(admin.ModelAdmin):
    """Read here; written and reviewed on the staff pages, where the workflow's rules hold."""

    list_display = ["title", "status", "department", "published_at"]
    list_filter = ["status"]
    exclude = ["source_case"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Lecture)
class LectureAdmin(admin.ModelAdmin):
    list_display = ["title", "starts_at", "place", "department", "published"]
    list_filter = ["published", "department"]
    search_fields = ["title", "speaker", "place"]
    raw_id_fields = ["activity"]
    date_hierarchy = "starts_at"

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
