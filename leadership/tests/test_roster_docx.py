"""The roster as a Word document: the plan's appendix, from the roster as it stands."""

import io
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone, translation
from docx import Document
from hypothesis import given
from hypothesis import strategies as st

from leadership.models import RosterMember
from leadership.roster_docx import CONTENT_TYPE
from zhanjiang_union.accounts.roles import Role
from zhanjiang_union.hostile import FUZZ, PAYLOADS, utf8

# The plan's appendix (附件), as written; names without the spacing the layout adds.
APPENDIX = [
    ("组长", [("朱华雄", "市人大常委会副主任、市总工会主席")]),
    ("第一副组长", [("陈端", "市总工会党组书记、常务副主席")]),
    ("副组长", [
        ("邵平静", "市总工会党组成员、副主席"),
        ("吴廉泉", "市总工会党组成员、经费审查委员会主任"),
        ("谢明春", "市总工会党组成员、四级调研员"),
    ]),
    ("成员", [
        ("揭育纯", "市总工会基层工作部部长"),
        ("冉荣华", "市总工会职工维权与服务部部长"),
        ("凌海飞", "市总工会宣传教育和信息工作部部长"),
        ("孙平", "市总工会机关党委专职副书记"),
        ("梁颖玉", "市职工服务中心主任"),
    ]),
]  # fmt: skip


def download(client, **headers):
    response = client.get(reverse("leadership:roster_docx"), **headers)
    assert response.status_code == 200
    return response, Document(io.BytesIO(response.content))


def groups_in(document) -> list[tuple[str, list[tuple[str, str]]]]:
    """[(role label, [(name, title)])] read back from the member lines
    ("label：<tab>name<tab>title", "label:" in English, the label on a group's first line only)."""
    groups = []
    for paragraph in document.paragraphs:
        parts = paragraph.text.split("\t")
        if len(parts) != 3:
            continue
        label, name, title = parts
        if label:
            groups.append((label.rstrip("：:"), []))
        groups[-1][1].append((name.replace("\u3000", ""), title))
    return groups


def test_the_download_reads_like_the_plans_appendix(client, role_users):
    client.force_login(role_users[Role.MEDIATOR])
    response, document = download(client)
    assert response["Content-Type"] == CONTENT_TYPE
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert f'filename="task-force-roster-{timezone.localdate():%Y%m%d}.docx"' in disposition

    assert groups_in(document) == APPENDIX
    texts = [paragraph.text for paragraph in document.paragraphs]
    assert "湛江市总工会“营商环境整治提升年”活动领导小组" in texts
    assert texts[-1] == "领导小组下设办公室，谢明春兼任办公室主任，负责领导小组日常工作。"
    # The introduction as official style writes it.
    assert any("经研究，决定成立湛江市总工会" in text and text.endswith("现将组成人员明确如下：")
               for text in texts)  # fmt: skip
    # Two-character names are spaced to the width of three, as in the appendix.
    assert "陈\u3000端" in "".join(texts)


def test_the_download_follows_the_roster_in_the_users_language(client, role_users):
    today = timezone.localdate()
    RosterMember.objects.filter(name="孙平").update(active_until=today - timedelta(days=1))
    RosterMember.objects.create(
        name="王小明", group_role="member", title="市总工会办公室主任", order=99
    )
    RosterMember.objects.filter(is_office_director=True).update(is_office_director=False)
    RosterMember.objects.filter(name="吴廉泉").update(is_office_director=True)

    client.force_login(role_users[Role.LEADERSHIP])
    _response, document = download(client, HTTP_ACCEPT_LANGUAGE="en")
    groups = groups_in(document)
    assert [label for label, _members in groups] == [
        "Leader",
        "First deputy leader",
        "Deputy leader",
        "Member",
    ]
    members = [name for name, _title in groups[-1][1]]
    assert "孙平" not in members  # retired yesterday
    assert members[-1] == "王小明"
    texts = [paragraph.text for paragraph in document.paragraphs]
    assert texts[0] == "Annex:"
    assert "吴廉泉 is concurrently its director" in texts[-1]
    titles = dict(groups[0][1])
    assert titles["朱华雄"].startswith("Deputy Director of the Standing Committee")


def test_the_roster_page_links_to_the_download(client, role_users):
    client.force_login(role_users[Role.HOTLINE_OPERATOR])
    with translation.override("en"):
        page = client.get(reverse("leadership:roster"), HTTP_ACCEPT_LANGUAGE="en")
    assert reverse("leadership:roster_docx").encode() in page.content
    assert b"Download as Word" in page.content


def test_the_download_is_read_only(client, role_users):
    client.force_login(role_users[Role.ADMIN])
    assert client.post(reverse("leadership:roster_docx")).status_code == 405


@FUZZ
@given(
    name=st.one_of(st.sampled_from(PAYLOADS), st.text(min_size=1, max_size=32)),
    title=st.one_of(st.sampled_from(PAYLOADS), st.text(max_size=128)),
)
def test_any_name_an_administrator_typed_still_downloads(client, role_users, name, title):
    """Control characters the admin lets through must not break the file for everyone."""
    # What the admin's form lets through: no NUL, and what a browser can send.
    name, title = (utf8(value).replace("\x00", "") for value in (name, title))
    member = RosterMember.objects.filter(group_role="member").order_by("-order").first()
    RosterMember.objects.filter(pk=member.pk).update(name=name[:32], title=title[:128])
    client.force_login(role_users[Role.LEADERSHIP])
    _response, document = download(client)
    assert "朱华雄" in "".join(paragraph.text for paragraph in document.paragraphs)


def test_the_roster_page_says_it_is_the_2021_plans(client, role_users):
    client.force_login(role_users[Role.HOTLINE_OPERATOR])
    page = client.get(reverse("leadership:roster"), HTTP_ACCEPT_LANGUAGE="zh-hans")
    text = page.content.decode()
    assert (
        "据2021年《湛江市总工会“营商环境整治提升年”活动方案》附件，人员职务以方案印发时为准" in text
    )
    assert "市总工会党组成员、经费审查委员会主任" in text and "经审委" not in text
    assert "第一副组长" in text
