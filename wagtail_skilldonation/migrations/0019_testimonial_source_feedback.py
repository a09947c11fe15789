"""A testimonial remembers the feedback it was drawn from, so that forgetting its author
withdraws it. Testimonials drawn before this are linked by their quote, which was the
feedback's text as written."""

import django.db.models.deletion
from django.db import migrations, models


def link_existing(apps, schema_editor):
    TestimonialPage = apps.get_model("wagtail_skilldonation", "TestimonialPage")
    Feedback = apps.get_model("wagtail_skilldonation", "Feedback")
    by_text = {}
    for feedback in Feedback.objects.filter(consent_publish=True).exclude(worked="").order_by("pk"):
        by_text.setdefault(feedback.worked.strip(), feedback.pk)
    for page in TestimonialPage.objects.filter(source_feedback__isnull=True).only("pk", "quote"):
        feedback_id = by_text.get((page.quote or "").strip())
        if feedback_id:
            TestimonialPage.objects.filter(pk=page.pk).update(source_feedback_id=feedback_id)


class Migration(migrations.Migration):
    dependencies = [
        ("wagtail_skilldonation", "0018_answers_to_applicants"),
    ]

    operations = [
        migrations.AddField(
            model_name="testimonialpage",
            name="source_feedback",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="wagtail_skilldonation.feedback",
                verbose_name="drawn from feedback",
            ),
        ),
        migrations.RunPython(link_existing, migrations.RunPython.noop, elidable=True),
    ]
