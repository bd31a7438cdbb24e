"""A database as the code of schema ``editorial 0009`` (the last before the
restructure) left it, written with that schema's historical models.

It holds the two sample issues as the legacy importer stored them (one of them
replaced by a re-import), an issue taken through every workflow step and edited
since its last sign-off, a draft that was never signed, a withdrawn supplement,
corrections, read receipts, subscriptions, a publication notice, synonyms, a
merged organization, revisions, a session, an admin log entry and a sign-in
attempt.

A signed version's ``content`` has the shape 0009's ``signoff.content_of`` gave
it: the archive's record of the issue without workflow state, each section with
its id, each article with its source ids and without its tags (tags were not
signed then).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

OLD_STATE = ("editorial", "0009_lz4_compression")

TITLE = "工会工作简报"
PUBLISHER = "市总工会办公室"
RECIPIENTS = (
    "市四套班子有关领导",
    "全总办公厅",
    "省总工会",
    "各市（县）、区、局（公司）工会",
    "各直属单位工会",
    "市各有关部门",
)
# What is printed of an article, and so signed with it.
PRINTED_FIELDS = (
    "position",
    "kind",
    "title",
    "subtitle",
    "byline",
    "body",
    "source_text",
    "credit",
)
IMPORTED_000 = "从旧版文本导入：seeds/000_baba5704e00f6812.txt"
IMPORTED_002 = "从旧版文本导入：seeds/002_af38840ebde41185.txt"


def at(year, month, day, hour=9, minute=0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


@dataclass
class Planted:
    """What the tests need to know of the rows planted."""

    issues: dict[str, int] = field(default_factory=dict)
    # The action name each recorded step should get, by the step's id.
    actions: dict[int, str] = field(default_factory=dict)
    # An article of the re-edited issue: its title as signed and as edited since.
    edited_article: int = 0
    signed_title: str = ""
    live_title: str = ""
    # A signed source whose organization was merged into another since.
    merged_source_name: str = ""


class OldDatabase:
    """Writes the rows with the historical models of ``apps`` (the 0009 state)."""

    def __init__(self, apps):
        self.model = apps.get_model
        self.planted = Planted()

    def build(self) -> Planted:
        self.people()
        self.organizations()
        self.recipients = [
            self.model("editorial", "Recipient").objects.create(name=name) for name in RECIPIENTS
        ]
        self.first_sample_issue()
        self.second_sample_issue_replaced_by_a_reimport()
        self.issue_signed_then_edited()
        self.draft_never_signed()
        self.withdrawn_supplement()
        self.readership()
        self.elsewhere()
        return self.planted

    # --- People and organizations -------------------------------------------------

    def people(self):
        User = self.model("auth", "User")
        Group = self.model("auth", "Group")

        def person(username, last_name="", first_name="", **fields):
            return User.objects.create(
                username=username,
                password="!unusable",
                last_name=last_name,
                first_name=first_name,
                email=f"{username}@example.org",
                date_joined=at(2012, 1, 5),
                **fields,
            )

        self.chief = person("chief", "王", "建国", is_staff=True)
        self.editor = person("editor", "李", "红", is_staff=True)
        self.reader = person("reader", "张", "伟", is_staff=True)
        self.subscriber = person("subscriber")
        self.chief.groups.add(Group.objects.get_or_create(name="签发人")[0])
        self.editor.groups.add(Group.objects.get_or_create(name="编辑")[0])

    def organizations(self):
        Organization = self.model("editorial", "SourceOrganization")
        Alias = self.model("editorial", "OrganizationAlias")
        self.city_union = Organization.objects.create(name="市总工会")
        self.propaganda = Organization.objects.create(name="市总工会宣教部", parent=self.city_union)
        self.research = Organization.objects.create(name="市总工会研究室", parent=self.city_union)
        self.women = Organization.objects.create(
            name="市总工会女工部", short_name="市总女工部", parent=self.city_union
        )
        Alias.objects.create(organization=self.women, name="市总女工委")
        self.office = Organization.objects.create(name="市总工会办公室", parent=self.city_union)
        # Imported under another name; merged into the office after the issue was signed.
        self.office_duplicate = Organization.objects.create(name="市总办公室")
        self.changshu = Organization.objects.create(name="常熟市总工会")
        self.zhangjiagang = Organization.objects.create(name="张家港市总工会")

    def merge_office_duplicate(self):
        """As 0009's organization merge did: links move, the old name becomes an alias."""
        self.model("editorial", "ArticleSource").objects.filter(
            organization=self.office_duplicate
        ).update(organization=self.office)
        self.model("editorial", "OrganizationAlias").objects.create(
            organization=self.office, name=self.office_duplicate.name
        )
        self.office_duplicate.delete()

    # --- Issues ----------------------------------------------------------------------

    def first_sample_issue(self):
        """seeds/000: imported as published, signed on paper (version 1 from the import)."""
        issue = self.issue(
            "sample 2007",
            year=2007,
            number=1,
            issue_date="2007-08-28",
            status="published",
            publish_at=at(2007, 8, 28, 1),
            legacy_filename="seeds/000_baba5704e00f6812.txt",
            legacy_sha256="baba5704e00f6812" * 4,
        )
        imported = at(2026, 11, 20, 2)
        self.step(issue, "", "published", "create", imported, comment=IMPORTED_000)
        # Text before the first 【】 lands in a section without a name.
        preface = self.section(issue, "", 1)
        self.article(preface, 1, "卷首语", "全市职工喜迎十七大。", kind="article")
        speeches = self.section(issue, "领导言论", 2)
        self.article(
            speeches,
            1,
            "全心全意依靠工人阶级 努力实现又好又快发展",
            "工人阶级是先进生产力的代表。\n\n率先基本实现现代化……",
            byline="中共常熟市委书记 杨升华",
            source_text="常熟市总工会",
            sources=[self.changshu],
            tags=["劳动竞赛", "职工素质"],
        )
        news = self.section(issue, "工作动态", 3)
        self.article(
            news,
            1,
            "市总工会认真传达市领导干部学习会议精神",
            "市总工会8月27日召开中层干部会议。1、推动工会工作创新发展。",
            subtitle="明确重点从五个方面抓好贯彻落实",
            source_text="市总办公室",
            sources=[self.office_duplicate],
            tags=["劳动竞赛"],
        )
        self.article(
            news,
            2,
            "江苏骏马集团工会切实为职工办实事、解难事",
            "大型民企——江苏骏马集团的工会切实关心职工生活，“送温暖”😀𠀀。",
            source_text="张家港市总工会",
            sources=[self.zhangjiagang],
        )
        briefs = self.section(issue, "简讯", 4)
        self.article(
            briefs,
            1,
            "昆山富士康科技集团召开工会委员会成立大会",
            "62名会员代表参加了大会。",
            kind="brief",
            source_text="昆山市总工会",
        )
        self.distribute(issue, self.recipients)
        self.sign(issue, issue.publish_at, None, note=f"从旧版文本导入：{issue.legacy_filename}")
        self.merge_office_duplicate()
        self.planted.merged_source_name = "市总办公室"

    def second_sample_issue_replaced_by_a_reimport(self):
        """seeds/002: imported, then replaced in place by a re-import of a corrected file."""
        issue = self.issue(
            "sample 2012",
            year=2012,
            number=1,
            issue_date="2012-04-22",
            status="published",
            publish_at=at(2012, 4, 22, 1),
            legacy_filename="seeds/002_af38840ebde41185.txt",
            legacy_sha256="af38840ebde41185" * 4,
        )
        self.step(issue, "", "published", "create", at(2026, 11, 20, 2), comment=IMPORTED_002)
        section = self.section(issue, "工作动态", 1)
        self.article(section, 1, "省总张艳主席在苏考察调研", "日前，省人大常委会副主任……")
        self.distribute(issue, self.recipients[:4])
        self.sign(issue, issue.publish_at, None, note=f"从旧版文本导入：{issue.legacy_filename}")

        # The re-import deletes the sections and writes the corrected file's.
        self.model("editorial", "Section").objects.filter(issue=issue).delete()
        self.model("editorial", "DistributionEntry").objects.filter(issue=issue).delete()
        self.step(
            issue,
            "published",
            "published",
            "replace",
            at(2026, 11, 21, 3),
            comment="由旧版文本替换：seeds/002_af38840ebde41185.txt",
        )
        news = self.section(issue, "工作动态", 1)
        self.article(
            news,
            1,
            "省总张艳主席在苏考察调研",
            "日前，省人大常委会副主任、省总工会主席张艳……",
            source_text="综合来稿",
            credit="综合来稿",
        )
        self.article(
            news,
            2,
            "市总工会开展职工素质工程调研",
            "调研组走访了十家企业。",
            source_text="市总工会办公室、市总工会研究室",
            sources=[self.office, self.research],
        )
        culture = self.section(issue, "文化建设", 2)
        self.article(
            culture,
            1,
            "职工文化节开幕",
            "第三届职工文化节在市工人文化宫开幕。",
            source_text="市总工会宣教部",
            sources=[self.propaganda],
        )
        self.distribute(issue, self.recipients)
        self.sign(issue, issue.publish_at, None, note=f"从旧版文本导入：{issue.legacy_filename}")

    def issue_signed_then_edited(self):
        """Through every step of the workflow; signed twice, and edited since."""
        issue = self.issue("edited", year=2012, number=2, issue_date="2012-05-20", status="draft")
        day = at(2012, 5, 15)
        self.step(issue, "", "draft", "create", day, self.editor, "已创建。")
        news = self.section(issue, "工作动态", 1)
        first = self.article(
            news,
            1,
            "市总工会召开女职工工作会议",
            "会议总结了去年的工作。",
            source_text="市总工会女工部",
            sources=[self.women],
            tags=["女职工"],
        )
        doomed = self.article(news, 2, "一篇后来删去的稿件", "签发后删去。")
        self.distribute(issue, self.recipients[1:3])
        self.step(issue, "draft", "in_review", "submit", day + timedelta(hours=1), self.editor)
        self.step(
            issue,
            "in_review",
            "draft",
            "return",
            day + timedelta(hours=2),
            self.chief,
            "请补充来源",
        )
        self.model("editorial", "ArticleSource").objects.create(
            article=doomed, organization=self.research, position=1
        )
        self.step(issue, "draft", "in_review", "submit", day + timedelta(hours=3), self.editor)
        self.approve(issue, "in_review", day + timedelta(hours=4))
        self.step(
            issue,
            "approved",
            "published",
            "publish",
            day + timedelta(hours=5),
            self.chief,
            publish_at=day + timedelta(days=5),
        )
        self.step(
            issue,
            "published",
            "published",
            "reschedule",
            day + timedelta(hours=6),
            self.chief,
            publish_at=day + timedelta(days=4),
        )
        self.edit(
            first,
            title="市总工会召开女职工工作会议部署全年任务",
            body="会议总结了去年的工作，部署了今年的任务。",
        )
        self.approve(issue, "published", day + timedelta(days=1), action="resign")
        self.planted.signed_title = first.title

        # Edited after the second sign-off: none of this is signed.
        self.planted.live_title = "市总工会召开女职工工作会议（修改稿）"
        self.edit(first, title=self.planted.live_title, body="未签发的正文。")
        self.retag(first, ["女职工", "未签发标签"])
        doomed.source_links.all().delete()
        self.model("taggit", "TaggedItem").objects.filter(object_id=doomed.pk).delete()
        self.model("editorial", "ArticleSearchEntry").objects.filter(article=doomed).delete()
        doomed.delete()
        extra = self.section(issue, "未签发栏目", 2)
        self.article(extra, 1, "未签发的文章", "未签发的正文。")
        issue.unsigned_changes = True
        issue.save()
        self.planted.edited_article = first.pk

        Correction = self.model("editorial", "Correction")
        Correction.objects.create(
            article=first,
            wrong="二〇〇七年",
            right="二〇〇八年",
            corrected_at=day + timedelta(days=10),
            corrected_by=self.chief,
        )
        self.corrected = first

    def draft_never_signed(self):
        issue = self.issue("draft", year=2012, number=3, issue_date="2012-06-20", status="draft")
        self.step(issue, "", "draft", "create", at(2012, 6, 10), self.editor, "从2012年第2期开始。")
        section = self.section(issue, "经验交流", 1)
        self.article(section, 1, "草稿里的文章", "尚未提交。", sources=[self.changshu])
        self.distribute(issue, self.recipients[:2])
        # Its 更正 notice lists the correction of the edited issue.
        self.model("editorial", "Correction").objects.filter(article=self.corrected).update(
            noticed_in=issue
        )

    def withdrawn_supplement(self):
        """Signed, returned after sign-off, signed again, published, then withdrawn."""
        issue = self.issue(
            "withdrawn",
            series="supplement",
            year=2012,
            number=1,
            cumulative_number=7,
            issue_date="2012-07-01",
            print_run=300,
            status="draft",
        )
        day = at(2012, 6, 25)
        self.step(issue, "", "draft", "create", day, self.editor, "已创建。")
        section = self.section(issue, "专题", 1)
        article = self.article(section, 1, "增刊专题文章", "增刊正文。", sources=[self.propaganda])
        self.distribute(issue, self.recipients[:1])
        self.step(issue, "draft", "in_review", "submit", day + timedelta(hours=1), self.editor)
        self.approve(issue, "in_review", day + timedelta(hours=2))
        self.step(
            issue, "approved", "draft", "return", day + timedelta(hours=3), self.chief, "再改一稿"
        )
        self.edit(article, subtitle="副题")
        self.step(issue, "draft", "in_review", "submit", day + timedelta(hours=4), self.editor)
        self.approve(issue, "in_review", day + timedelta(hours=5))
        self.step(
            issue,
            "approved",
            "published",
            "publish",
            day + timedelta(hours=6),
            self.chief,
            publish_at=day + timedelta(hours=6),
        )
        self.step(
            issue,
            "published",
            "draft",
            "withdraw",
            day + timedelta(days=1),
            self.chief,
            "印发范围有误",
            approved_by=None,
            approved_at=None,
            publish_at=None,
        )

    # --- Readers and the rest ------------------------------------------------------------

    def readership(self):
        unit = self.recipients[4]
        self.model("editorial", "UnitMembership").objects.create(user=self.reader, unit=unit)
        issue = self.model("editorial", "Issue").objects.get(pk=self.planted.issues["edited"])
        self.model("editorial", "ReadReceipt").objects.create(
            issue=issue, recipient=unit, read_by=self.reader, read_at=at(2012, 5, 21)
        )
        sample = self.model("editorial", "Issue").objects.get(pk=self.planted.issues["sample 2007"])
        self.model("editorial", "ReadReceipt").objects.create(
            issue=sample, recipient=self.recipients[0], read_by=None, read_at=at(2012, 5, 22)
        )
        self.model("editorial", "Subscription").objects.create(user=self.subscriber)
        self.model("editorial", "PublicationNotice").objects.create(
            issue=issue, sent_at=at(2012, 5, 20), recipient_count=1
        )
        self.model("editorial", "SynonymGroup").objects.create(terms="农民工 外来务工人员")

    def elsewhere(self):
        """Rows of the other apps: a revision, a session, an admin log entry, a sign-in."""
        ContentType = self.model("contenttypes", "ContentType")
        article_type, _ = ContentType.objects.get_or_create(app_label="editorial", model="article")
        revision = self.model("reversion", "Revision").objects.create(
            date_created=at(2012, 5, 16), user=self.editor, comment="修改正文"
        )
        self.model("reversion", "Version").objects.create(
            revision=revision,
            object_id=str(self.planted.edited_article),
            content_type=article_type,
            db="default",
            format="json",
            serialized_data='[{"model": "editorial.article", "fields": {"title": "旧标题"}}]',
            object_repr="旧标题",
        )
        self.model("sessions", "Session").objects.create(
            session_key="k" * 32, session_data="e30:abc", expire_date=at(2030, 1, 1)
        )
        self.model("admin", "LogEntry").objects.create(
            action_time=at(2012, 5, 16),
            user=self.editor,
            content_type=article_type,
            object_id=str(self.planted.edited_article),
            object_repr="市总工会召开女职工工作会议",
            action_flag=2,
            change_message='[{"changed": {"fields": ["Body"]}}]',
        )
        self.model("axes", "AccessAttempt").objects.create(
            user_agent="Mozilla/5.0",
            ip_address="10.0.0.8",
            username="chief",
            http_accept="text/html",
            path_info="/admin/login/",
            attempt_time=at(2012, 5, 17),
            get_data="",
            post_data="username=chief",
            failures_since_start=2,
        )

    # --- Writing, as 0009's code did --------------------------------------------------------

    def issue(self, key, **fields):
        fields.setdefault("title", TITLE)
        fields.setdefault("publisher", PUBLISHER)
        fields.setdefault("visibility", "public")
        issue = self.model("editorial", "Issue").objects.create(**fields)
        self.planted.issues[key] = issue.pk
        return issue

    def section(self, issue, name, position):
        return self.model("editorial", "Section").objects.create(
            issue=issue, name=name, position=position
        )

    def article(self, section, position, title, body, *, sources=(), tags=(), **fields):
        article = self.model("editorial", "Article").objects.create(
            section=section, position=position, title=title, body=body, **fields
        )
        for link_position, organization in enumerate(sources, 1):
            self.model("editorial", "ArticleSource").objects.create(
                article=article, organization=organization, position=link_position
            )
        self.retag(article, tags)
        issue = section.issue
        self.model("editorial", "ArticleSearchEntry").objects.create(
            article=article,
            issue=issue,
            issue_order=issue.year * 100_000 + issue.number,
            document="'工会':1A '简报':2B",
        )
        return article

    def retag(self, article, names):
        Tag = self.model("taggit", "Tag")
        TaggedItem = self.model("taggit", "TaggedItem")
        ContentType = self.model("contenttypes", "ContentType")
        article_type, _ = ContentType.objects.get_or_create(app_label="editorial", model="article")
        TaggedItem.objects.filter(content_type=article_type, object_id=article.pk).delete()
        for name in names:
            tag, _ = Tag.objects.get_or_create(
                name=name, defaults={"slug": f"tag-{Tag.objects.count() + 1}"}
            )
            TaggedItem.objects.create(content_type=article_type, object_id=article.pk, tag=tag)

    def edit(self, article, **fields):
        for name, value in fields.items():
            setattr(article, name, value)
        article.version += 1
        article.save()

    def distribute(self, issue, recipients):
        for position, recipient in enumerate(recipients, 1):
            self.model("editorial", "DistributionEntry").objects.create(
                issue=issue, recipient=recipient, position=position
            )

    def step(self, issue, before, after, action, when, actor=None, comment="", **changes):
        """A workflow step as 0009 recorded it (without a name), and the name it should get."""
        step = self.model("editorial", "IssueTransition").objects.create(
            issue=issue,
            from_status=before,
            to_status=after,
            actor=actor,
            comment=comment,
            created_at=when,
        )
        self.planted.actions[step.pk] = action
        issue.status = after
        for name, value in changes.items():
            setattr(issue, name, value)
        issue.save()
        return step

    def approve(self, issue, before, when, action="approve"):
        """Sign-off: the step and the version share their time, as 0009's ``perform`` wrote them."""
        self.step(
            issue,
            before,
            "approved" if before == "in_review" else before,
            action,
            when,
            self.chief,
            approved_by=self.chief,
            approved_at=when,
        )
        self.sign(issue, when, self.chief)

    def sign(self, issue, when, signer, note=""):
        IssueVersion = self.model("editorial", "IssueVersion")
        content = self.content_of(issue)
        ids = [a["id"] for s in content["sections"] for a in s["articles"]]
        IssueVersion.objects.create(
            issue=issue,
            sequence=IssueVersion.objects.filter(issue=issue).count() + 1,
            content=content,
            article_ids=" " + " ".join(map(str, ids)) + " ",
            signed_by=signer,
            signer_name=f"{signer.last_name}{signer.first_name}" if signer else "",
            signed_at=when,
            note=note,
        )
        issue.unsigned_changes = False
        issue.save()

    def content_of(self, issue) -> dict:
        """What 0009's ``signoff.content_of`` stored for the issue's live rows."""
        Section = self.model("editorial", "Section")
        Article = self.model("editorial", "Article")
        ArticleSource = self.model("editorial", "ArticleSource")
        DistributionEntry = self.model("editorial", "DistributionEntry")
        sections = []
        for section in Section.objects.filter(issue=issue).order_by("position"):
            articles = []
            for article in Article.objects.filter(section=section).order_by("position"):
                links = ArticleSource.objects.filter(article=article).order_by("position")
                articles.append(
                    {
                        "id": article.pk,
                        **{name: getattr(article, name) for name in PRINTED_FIELDS},
                        "sources": [link.organization.name for link in links],
                        "source_ids": [link.organization_id for link in links],
                    }
                )
            sections.append(
                {
                    "name": section.name,
                    "position": section.position,
                    "articles": articles,
                    "id": section.pk,
                }
            )
        entries = DistributionEntry.objects.filter(issue=issue).order_by("position")
        return {
            "series": issue.series,
            "year": issue.year,
            "number": issue.number,
            "cumulative_number": issue.cumulative_number,
            "issue_date": str(issue.issue_date) if issue.issue_date else None,
            "title": issue.title,
            "publisher": issue.publisher,
            "print_run": issue.print_run,
            "sections": sections,
            "distribution": [entry.recipient.name for entry in entries],
        }
