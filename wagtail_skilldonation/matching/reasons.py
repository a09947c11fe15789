"""Why a volunteer fits a mission, in words: the same parts as the score."""

from django.utils.translation import gettext, ngettext

from ..models import WorkFormat
from ..models.languages import contract
from ..models.places import department


class Texts:
    """Translations looked up once per ranking rather than once per volunteer
    (Django's gettext walks the catalogue of every installed app)."""

    def __init__(self):
        self._seen = {}

    def gettext(self, message):
        if message not in self._seen:
            self._seen[message] = gettext(message)
        return self._seen[message]

    def ngettext(self, singular, plural, count):
        key = (singular, plural, count)
        if key not in self._seen:
            self._seen[key] = ngettext(singular, plural, count)
        return self._seen[key]


def explain(mission, volunteer, matched, skills, n, components, needed, texts=None):
    # The usual names, so makemessages still finds the strings.
    texts = texts or Texts()
    _, ngettext = texts.gettext, texts.ngettext
    reasons = []
    if skills:
        if len(skills) == 1:
            reasons.append(_("has the required skill"))
        else:
            reasons.append(
                ngettext(
                    "covers %(count)d of %(total)d skills",
                    "covers %(count)d of %(total)d skills",
                    len(matched),
                )
                % {"count": len(matched), "total": len(skills)}
            )
        rare = [s for s in matched if n and s.df / n <= 0.05]
        if rare:
            reasons.append(_("rare skill: %(skill)s") % {"skill": rare[0].label})
    # The place is said with the format that applies, never against it: someone far
    # away is not "on site OK"; on a mission that can be done remotely, they would work
    # remotely.
    placed = mission.format != WorkFormat.REMOTE and volunteer.format != WorkFormat.REMOTE
    far = placed and components["place"] <= 0 and bool(mission.postcode or mission.place)
    place = {"place": (mission.place or "").strip() or mission.postcode}
    if far and mission.format == WorkFormat.BOTH and volunteer.format == WorkFormat.BOTH:
        reasons += [_("remote OK"), contract(_("lives far from %(place)s") % place)]
    elif far:
        reasons.append(contract(_("on site, but lives far from %(place)s") % place))
    else:
        reasons.append(_format_reason(mission.format, volunteer.format, components["format"], texts))
        if placed and components["place"] >= 1 and (mission.postcode or mission.place):
            reasons.append(
                _("nearby (%(city)s)") % {"city": " ".join((volunteer.city or "").split()) or volunteer.postcode}
            )
        elif placed and components["place"] > 0:
            reasons.append(_("same département (%(dept)s)") % {"dept": department(volunteer.postcode)})
    if volunteer.availability_hours >= needed:
        reasons.append(_("%(hours)d h/month available") % {"hours": volunteer.availability_hours})
    else:
        reasons.append(
            _("%(hours)d h/month available of %(needed)d needed")
            % {"hours": volunteer.availability_hours, "needed": needed}
        )
    if components["active_missions"]:
        reasons.append(
            ngettext(
                "already on %(count)d active mission",
                "already on %(count)d active missions",
                components["active_missions"],
            )
            % {"count": components["active_missions"]}
        )
    return reasons


def _format_reason(mission_format, volunteer_format, fit, texts):
    _ = texts.gettext
    if fit == 1.0:
        # Say how they would work: the narrower of the two formats.
        how = volunteer_format if mission_format == WorkFormat.BOTH else mission_format
        return {
            WorkFormat.REMOTE: _("remote OK"),
            WorkFormat.ON_SITE: _("on site OK"),
        }.get(how, _("remote or on site OK"))
    if fit > 0:
        return _("prefers on-site work")
    return _("works remotely only")
