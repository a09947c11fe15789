"""The application form made for thumbs (#17): autocomplete tokens and keyboards, the
vocabulary folded, the mission's questions before the choices, and after a server-side
error the page opens at the form with a summary that links each faulty field."""

import re

from tests.conftest import form_data
from wagtail_skilldonation.models import MissionFormField


def test_fields_carry_autocomplete_tokens_and_keyboards(client, open_mission):
    html = client.get(open_mission.url).content.decode()
    for name, token in [
        ("first_name", "given-name"),
        ("last_name", "family-name"),
        ("email", "email"),
        ("phone", "tel"),
        ("postcode", "postal-code"),
        ("city", "address-level2"),
    ]:
        tag = re.search(rf'<input[^>]*name="{name}"[^>]*>', html).group(0)
        assert f'autocomplete="{token}"' in tag, tag
    assert 'type="tel"' in re.search(r'<input[^>]*name="phone"[^>]*>', html).group(0)
    assert 'inputmode="numeric"' in re.search(r'<input[^>]*name="postcode"[^>]*>', html).group(0)
    assert "Fields marked" in html
    assert "(optional)" not in html.split("<form", 1)[1].split("Your message")[0]


def test_other_skills_are_folded_unless_one_is_ticked(client, open_mission, skills):
    html = client.get(open_mission.url).content.decode()
    folded = html.split('<details class="sd-more"', 1)
    assert len(folded) == 2
    assert "Other skills" in folded[1][:200]
    sought = [s.name for s in open_mission.skills.all()]
    assert all(name in folded[0] for name in sought)  # the mission's own skills in view
    other = skills["Stratégie"]
    response = client.post(
        open_mission.url, form_data(open_mission, email="not-an-email", skills=[other.pk]), follow=True
    )
    assert '<details class="sd-more" open>' in response.content.decode()  # a ticked box is not hidden


def test_the_missions_questions_come_before_the_choices(client, open_mission):
    open_mission.form_fields = [MissionFormField(label="Quel logiciel ?", field_type="singleline")]
    open_mission.save_revision().publish()
    html = client.get(open_mission.url).content.decode()
    assert (
        html.index("Quel logiciel ?") < html.index('name="proposals"') < html.index("keeps the details you give here")
    )


def test_a_server_side_error_opens_at_a_focused_summary_linking_each_field(client, open_mission):
    response = client.post(open_mission.url, form_data(open_mission, email="not-an-email", first_name=""), follow=True)
    html = response.content.decode()
    assert 'action="' + open_mission.url + '#sd-apply"' in html
    summary = html.split('class="sd-error-summary"', 1)[1].split("</div>", 1)[0]
    assert 'id="sd-errors"' in summary.split(">", 1)[0]
    assert 'document.getElementById("sd-errors").focus()' in html  # focused once loaded
    assert 'href="#id_email"' in summary
    assert 'href="#id_first_name"' in summary
    assert re.search(r"<title>\s*Error – ", html)
