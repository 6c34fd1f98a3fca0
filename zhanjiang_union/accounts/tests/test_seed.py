"""`manage.py seed` loads the plan's reference data once, as the plan states it."""

from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db.models import Q

from cases.models import DisputeCategory, District
from leadership.models import Measure, RosterMember
from zhanjiang_union.accounts.models import Department, User
from zhanjiang_union.accounts.roles import ROLE_PERMISSIONS, Role


def snapshot():
    return {
        "departments": list(Department.objects.values_list("code", "name", "order")),
        "measures": [
            (m.number, m.title, sorted(d.name for d in m.departments.all()))
            for m in Measure.objects.prefetch_related("departments")
        ],
        "roster": list(
            RosterMember.objects.values_list(
                "name", "group_role", "title", "department__name", "is_office_director", "order"
            )
        ),
        "districts": list(District.objects.values_list("name", flat=True)),
        "categories": list(DisputeCategory.objects.values_list("name", flat=True)),
        "groups": {
            g.name: sorted(g.permissions.values_list("codename", flat=True))
            for g in Group.objects.all()
        },
    }


def test_seed_twice_changes_nothing(db):
    call_command("seed")
    first = snapshot()
    call_command("seed")
    assert snapshot() == first


def test_seed_keeps_an_admins_later_edits(db):
    call_command("seed")
    RosterMember.objects.filter(name="朱华雄").update(title="市总工会主席")
    call_command("seed")
    assert RosterMember.objects.get(name="朱华雄").title == "市总工会主席"


def test_departments_match_the_plan(db):
    call_command("seed")
    assert list(Department.objects.values_list("name", flat=True)) == [
        "职工维权与服务部",
        "基层工作部",
        "宣传教育和信息工作部",
        "机关党委",
        "市职工服务中心",
        "领导小组办公室",
    ]


def test_measures_and_their_responsible_departments(db):
    call_command("seed")
    measures = {
        m.number: (m.title, {d.name for d in m.departments.all()}) for m in Measure.objects.all()
    }
    assert measures == {
        1: ("发挥好协调劳动关系的作用", {"职工维权与服务部", "基层工作部"}),
        2: ("加大工会维权工作力度", {"职工维权与服务部", "基层工作部"}),
        3: ("加强职工维权阵地建设", {"职工维权与服务部", "市职工服务中心"}),
    }


def test_the_four_work_requirements_bind_no_single_department(db):
    from zhanjiang_union.seeding import reference_data_load

    # Every test starts with the reference data loaded: start this one without them.
    Measure.requirements.all().delete()
    assert reference_data_load()["requirements"] == 4
    requirements = Measure.requirements.all()
    assert [(r.number, r.title) for r in requirements] == [
        (1, "加强组织领导"),
        (2, "强化自查自纠"),
        (3, "严格工作纪律"),
        (4, "加大宣传力度"),
    ]
    assert requirements[1].text.startswith("各部门和直属事业单位要按责任分工定期")
    assert not any(r.departments.exists() for r in requirements)
    assert reference_data_load()["requirements"] == 0


def test_roster_matches_the_appendix(db):
    call_command("seed")
    roster = list(RosterMember.objects.values_list("group_role", "name", "title"))
    assert roster == [
        ("leader", "朱华雄", "市人大常委会副主任、市总工会主席"),
        ("first_deputy", "陈端", "市总工会党组书记、常务副主席"),
        ("deputy", "邵平静", "市总工会党组成员、副主席"),
        ("deputy", "吴廉泉", "市总工会党组成员、经费审查委员会主任"),
        ("deputy", "谢明春", "市总工会党组成员、四级调研员"),
        ("member", "揭育纯", "市总工会基层工作部部长"),
        ("member", "冉荣华", "市总工会职工维权与服务部部长"),
        ("member", "凌海飞", "市总工会宣传教育和信息工作部部长"),
        ("member", "孙平", "市总工会机关党委专职副书记"),
        ("member", "梁颖玉", "市职工服务中心主任"),
    ]
    director = RosterMember.objects.get(is_office_director=True)
    assert (director.name, director.department.name) == ("谢明春", "领导小组办公室")
    assert RosterMember.objects.get(name="揭育纯").department.name == "基层工作部"


def test_nine_divisions_the_development_zone_and_the_dispute_categories(db):
    call_command("seed")
    assert list(District.objects.values_list("name", flat=True)) == [
        "赤坎区", "霞山区", "坡头区", "麻章区", "遂溪县", "徐闻县", "廉江市", "雷州市", "吴川市",
        "湛江经济技术开发区",
    ]  # fmt: skip
    assert District.objects.get(name="湛江经济技术开发区").kind == District.Kind.ZONE
    assert DisputeCategory.objects.count() == 6
    assert DisputeCategory.objects.filter(name__startswith="劳动报酬").exists()


def test_role_groups_hold_exactly_their_permissions(db):
    call_command("seed")
    for role, perms in ROLE_PERMISSIONS.items():
        group = Group.objects.get(name=role)
        held = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}
        assert held == set(perms), role
    assert set(Group.objects.values_list("name", flat=True)) >= set(Role.values)


def test_demo_accounts_one_per_role_and_printed(db, capsys):
    from zhanjiang_union.accounts.services import DEMO_ACCOUNTS

    call_command("seed", "--demo")
    out = capsys.readouterr().out
    for role in Role.values:
        # One at the city federation; the grid's county and township accounts beside it.
        at_city = Q(organisation__isnull=True) | Q(organisation__depth=1)
        user = User.objects.get(at_city, groups__name=role)
        assert user.check_password("zjgh-demo-2026")
        assert user.username in out
    for username, _role, _name, _department, organisation_code in DEMO_ACCOUNTS:
        user = User.objects.get(username=username)
        assert username in out and user.check_password("zjgh-demo-2026")
        assert (user.organisation.code if user.organisation else None) == organisation_code
    call_command("seed", "--demo")
    assert User.objects.count() == len(DEMO_ACCOUNTS)
