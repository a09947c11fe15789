"""The demo's content: the association, its partners, needs, missions, testimonials,
the people who apply and what they write. The builders are in ``demo/__init__``."""

from ..models import AuthorRole, MissionStatus, NeedPriority, NeedStatus, OrganisationKind, WorkFormat
from ..portal.setup import STARTER_SKILLS
from ..validators import luhn_ok

ASSOCIATION = {
    "association_name": "Savoir partagé",
    "rna": "W751271238",
    "siret": "92414635000013",
    "address": "59 Rue de Bretagne\n75003 Paris",
    "signatory_name": "Claire Martin",
    "signatory_title": "Présidente",
    "certificate_closing_text": (
        "Savoir partagé remercie chaleureusement pour le temps et les compétences "
        "offerts aux structures de l'économie sociale et solidaire."
    ),
    "notification_email": "missions@savoir-partage.example",
    "contact_email": "contact@savoir-partage.example",
    "contact_phone": "01 42 72 00 00",
}

SKILLS = STARTER_SKILLS  # the demo uses the vocabulary `skilldonation_setup` starts with


def _luhn_complete(prefix):
    """Append the digit that makes ``prefix`` pass the Luhn check (demo SIRETs)."""
    for digit in "0123456789":
        if luhn_ok(prefix + digit):
            return prefix + digit
    raise AssertionError("unreachable")


ORGANISATIONS = [
    {
        "name": "Les Jardins du Faubourg",
        "kind": OrganisationKind.ASSOCIATION,
        "siret": _luhn_complete("8123456780001"),
        "rna": "W751000001",
        "city": "Paris",
        "postcode": "75011",
        "contact_name": "Samir Haddad",
        "contact_email": "contact@jardins-faubourg.example",
        "description": "Six jardins partagés ouverts aux habitants du 11e arrondissement, des ateliers chaque semaine.",
        "public_page": True,
    },
    {
        "name": "Cap Jeunes Numérique",
        "kind": OrganisationKind.ASSOCIATION,
        "siret": _luhn_complete("8234567890002"),
        "rna": "W931000002",
        "city": "Saint-Denis",
        "postcode": "93200",
        "contact_name": "Inès Moreau",
        "contact_email": "bonjour@capjeunes.example",
    },
    {
        "name": "Terre Solidaire ONG",
        "kind": OrganisationKind.NGO,
        "siret": _luhn_complete("7345678900003"),
        "rna": "W691000003",
        "city": "Lyon",
        "postcode": "69007",
        "contact_name": "Paul Girard",
        "contact_email": "paul.girard@terresolidaire.example",
    },
    {
        "name": "L'Atelier Coopératif",
        "kind": OrganisationKind.SOCIAL_ENTERPRISE,
        "siret": _luhn_complete("8456789010004"),
        "rna": "",
        "city": "Paris",
        "postcode": "75019",
        "contact_name": "Nadia Benali",
        "contact_email": "nadia@atelier-coop.example",
    },
]

NEEDS = [
    {
        "slug": "plan-strategique-ong",
        "title": "Structurer le plan stratégique 2027-2030",
        "organisation": "Terre Solidaire ONG",
        "priority": NeedPriority.HIGH,
        "status": NeedStatus.IN_PROGRESS,
        "context": "<p>L'ONG a doublé de taille en trois ans sans revoir sa gouvernance ni ses priorités.</p>",
        "expected_outcome": "<p>Un plan stratégique partagé par le conseil d'administration et l'équipe.</p>",
        "skills": ["Stratégie et gouvernance", "Gestion de projet", "Finance et comptabilité"],
    },
    {
        "slug": "competences-numeriques-jeunes",
        "title": "Donner des compétences numériques aux 16-25 ans",
        "organisation": "Cap Jeunes Numérique",
        "priority": NeedPriority.HIGH,
        "status": NeedStatus.IN_PROGRESS,
        "context": "<p>Beaucoup de jeunes accompagnés n'ont jamais utilisé un tableur ni créé un CV en ligne.</p>",
        "expected_outcome": "<p>Des ateliers réguliers et des jeunes autonomes dans leurs démarches.</p>",
        "skills": ["Formation au numérique", "Bureautique", "Pédagogie pour les jeunes"],
    },
    {
        "slug": "visibilite-jardins-partages",
        "title": "Faire connaître les jardins partagés du quartier",
        "organisation": "Les Jardins du Faubourg",
        "priority": NeedPriority.MEDIUM,
        "status": NeedStatus.IDENTIFIED,
        "context": "<p>Les jardins manquent de bénévoles et de visibilité auprès des habitants.</p>",
        "expected_outcome": "<p>Une campagne de sensibilisation et deux fois plus d'habitants inscrits.</p>",
        "skills": ["Rédaction", "Graphisme", "Réseaux sociaux"],
    },
    {
        "slug": "accompagnement-entrepreneurs",
        "title": "Accompagner les porteurs de projets de l'atelier",
        "organisation": "L'Atelier Coopératif",
        "priority": NeedPriority.MEDIUM,
        "status": NeedStatus.IN_PROGRESS,
        "context": "<p>Douze entrepreneurs sociaux lancent leur activité cette année.</p>",
        "expected_outcome": "<p>Chaque porteur de projet a un mentor et un prévisionnel solide.</p>",
        "skills": ["Mentorat entrepreneurial", "Finance et comptabilité", "Coaching professionnel"],
    },
    {
        "slug": "site-web-atelier",
        "title": "Moderniser le site web de l'atelier",
        "organisation": "L'Atelier Coopératif",
        "priority": NeedPriority.LOW,
        "status": NeedStatus.IDENTIFIED,
        "context": "<p>Le site actuel n'est plus maintenu et n'est pas lisible sur mobile.</p>",
        "expected_outcome": "<p>Un site accessible que l'équipe met à jour seule.</p>",
        "skills": ["Développement web", "Gestion de site Wagtail"],
    },
]

MISSIONS = [
    {
        "slug": "consultation-strategie-ong",
        "title": "Consultation en stratégie pour les ONG",
        "need": "plan-strategique-ong",
        "intro": "Aider une ONG en croissance à clarifier ses priorités et sa gouvernance.",
        "format": WorkFormat.BOTH,
        "place": "Lyon",
        "postcode": "69007",
        "estimated_hours": 30,
        "places_available": 2,
        "status": MissionStatus.OPEN,
        "start": 20,
        "weeks": 10,
        "skills": ["Stratégie et gouvernance", "Gestion de projet", "Finance et comptabilité"],
        "objectives": [
            ("Diagnostiquer l'organisation", "Un diagnostic écrit validé par le bureau"),
            ("Définir trois priorités stratégiques", "Priorités votées en conseil d'administration"),
            ("Construire la feuille de route", "Une feuille de route chiffrée sur trois ans"),
        ],
    },
    {
        "slug": "formation-informatique-jeunes",
        "title": "Formation en informatique pour les jeunes",
        "need": "competences-numeriques-jeunes",
        "intro": "Animer des ateliers numériques pour des jeunes de 16 à 25 ans.",
        "format": WorkFormat.ON_SITE,
        "place": "Saint-Denis",
        "postcode": "93200",
        "estimated_hours": 24,
        "places_available": 3,
        "status": MissionStatus.OPEN,
        "start": 14,
        "weeks": 12,
        "skills": ["Formation au numérique", "Bureautique", "Pédagogie pour les jeunes", "Animation d'ateliers"],
        "questions": [
            {
                "label": "Avez-vous déjà animé un atelier ?",
                "field_type": "radio",
                "choices": "Oui, souvent\nQuelquefois\nJamais",
                "required": True,
            },
            {
                "label": "Quels jours êtes-vous disponible ?",
                "field_type": "checkboxes",
                "choices": "Lundi\nMardi\nMercredi\nJeudi\nVendredi\nSamedi",
                "required": False,
            },
        ],
        "objectives": [
            ("Animer six ateliers de deux heures", "Six ateliers tenus, feuilles de présence à l'appui"),
            ("Rendre les jeunes autonomes", "80 % des participants créent seuls leur CV en ligne"),
        ],
    },
    {
        "slug": "campagnes-sensibilisation",
        "title": "Création de campagnes de sensibilisation",
        "need": "visibilite-jardins-partages",
        "intro": "Concevoir une campagne pour faire connaître les jardins partagés.",
        "format": WorkFormat.REMOTE,
        "place": "",
        "postcode": "",
        "estimated_hours": 20,
        "places_available": 2,
        "status": MissionStatus.OPEN,
        "start": 10,
        "weeks": 6,
        "skills": ["Rédaction", "Graphisme", "Réseaux sociaux", "Vidéo"],
        "objectives": [
            ("Écrire les messages clés", "Un guide de messages validé par l'association"),
            ("Produire les visuels", "Une affiche, trois visuels réseaux sociaux, une vidéo courte"),
            ("Lancer la campagne", "Publication sur trois canaux et suivi des inscriptions"),
        ],
    },
    {
        "slug": "mentorat-entrepreneurs-sociaux",
        "title": "Mentorat pour les entrepreneurs sociaux",
        "need": "accompagnement-entrepreneurs",
        "intro": "Accompagner un porteur de projet pendant six mois, une heure par semaine.",
        "format": WorkFormat.BOTH,
        "place": "Paris",
        "postcode": "75019",
        "estimated_hours": 26,
        "places_available": 4,
        "status": MissionStatus.OPEN,
        "start": 7,
        "weeks": 26,
        "skills": ["Mentorat entrepreneurial", "Coaching professionnel", "Finance et comptabilité"],
        "questions": [
            {
                "label": "Avez-vous vous-même créé une entreprise ?",
                "field_type": "singleline",
                "help_text": "Dans quel secteur, et quand ?",
                "required": False,
            },
        ],
        "objectives": [
            ("Valider le modèle économique", "Un prévisionnel sur trois ans relu par le mentor"),
            ("Préparer le lancement", "Date de lancement fixée et premiers clients identifiés"),
        ],
    },
    {
        "slug": "refonte-site-atelier",
        "title": "Refonte du site web de l'atelier coopératif",
        "need": "site-web-atelier",
        "intro": "Reconstruire un site accessible avec Wagtail et former l'équipe.",
        "format": WorkFormat.REMOTE,
        "place": "",
        "postcode": "",
        "estimated_hours": 40,
        "places_available": 1,
        "status": MissionStatus.FULL,
        "start": -14,
        "weeks": 8,
        "skills": ["Développement web", "Gestion de site Wagtail", "Formation au numérique"],
        "objectives": [
            ("Mettre en ligne le nouveau site", "Site publié, conforme au RGAA niveau AA"),
            ("Former l'équipe", "Deux salariés publient seuls une actualité"),
        ],
    },
    {
        "slug": "tableau-de-bord-jardins",
        "title": "Tableau de bord des jardins partagés",
        "need": "visibilite-jardins-partages",
        "intro": "Suivre les inscriptions et les récoltes dans un tableau de bord simple.",
        "format": WorkFormat.REMOTE,
        "place": "",
        "postcode": "",
        "estimated_hours": 12,
        "places_available": 2,
        "status": MissionStatus.COMPLETED,
        "start": -160,  # ended four months ago: its 3-month follow-up is answered
        "weeks": 6,
        "skills": ["Analyse de données", "Bureautique"],
        "objectives": [
            ("Construire le tableau de bord", "Tableau de bord partagé mis à jour chaque mois"),
        ],
    },
]

TESTIMONIALS = [
    {
        "slug": "temoignage-claire",
        "title": "« J'ai retrouvé du sens à mon métier »",
        "quote": "Mettre mes compétences de contrôleuse de gestion au service d'une ONG m'a redonné du sens. "
        "En dix semaines, nous avons construit une feuille de route que toute l'équipe s'est appropriée.",
        "author_name": "Élodie R.",
        "author_role": AuthorRole.VOLUNTEER,
        "mission": "consultation-strategie-ong",
    },
    {
        "slug": "temoignage-samir",
        "title": "« Un vrai regard extérieur »",
        "quote": "Les bénévoles de Savoir partagé nous ont apporté un regard extérieur et des outils que nous "
        "utilisons encore chaque semaine.",
        "author_name": "Samir Haddad",
        "author_role": AuthorRole.BENEFICIARY,
        "mission": "tableau-de-bord-jardins",
    },
    {
        "slug": "temoignage-partenaire",
        "title": "« Un partenariat qui dure »",
        "quote": "Le mécénat de compétences avec Savoir partagé permet à nos salariés de s'engager "
        "concrètement, avec des objectifs clairs et un suivi sérieux.",
        "author_name": "Fondation Horizon",
        "author_role": AuthorRole.PARTNER,
        "mission": "formation-informatique-jeunes",
    },
]

FIRST_NAMES = [
    "Camille",
    "Louis",
    "Chloé",
    "Hugo",
    "Léa",
    "Mehdi",
    "Sarah",
    "Thomas",
    "Inès",
    "Julien",
    "Manon",
    "Karim",
    "Emma",
    "Nicolas",
    "Aïcha",
    "Lucas",
    "Zoé",
    "Antoine",
    "Fatou",
    "Mathieu",
    "Pauline",
    "Youssef",
    "Clara",
    "Romain",
    "Amina",
    "Pierre",
    "Jeanne",
    "Omar",
    "Alice",
    "Vincent",
]
LAST_NAMES = [
    "Martin",
    "Bernard",
    "Dubois",
    "Thomas",
    "Robert",
    "Richard",
    "Petit",
    "Durand",
    "Leroy",
    "Moreau",
    "Simon",
    "Laurent",
    "Lefebvre",
    "Michel",
    "Garcia",
    "David",
    "Bertrand",
    "Roux",
    "Vincent",
    "Fournier",
    "Morel",
    "Girard",
    "André",
    "Mercier",
    "Dupont",
    "Lambert",
    "Bonnet",
    "François",
    "Martinez",
    "Legrand",
]
CITIES = [
    ("Paris", "75003"),
    ("Paris", "75011"),
    ("Paris", "75019"),
    ("Saint-Denis", "93200"),
    ("Montreuil", "93100"),
    ("Lyon", "69007"),
    ("Villeurbanne", "69100"),
    ("Marseille", "13001"),
    ("Lille", "59000"),
    ("Nantes", "44000"),
]


# Applications in every status: (mission slug, statuses in order of arrival).
APPLICATIONS = {
    "consultation-strategie-ong": ["accepted", "submitted", "declined"],
    "formation-informatique-jeunes": ["accepted", "accepted", "submitted", "withdrawn"],
    "campagnes-sensibilisation": ["accepted", "accepted", "waiting_list"],
    "mentorat-entrepreneurs-sociaux": ["completed", "accepted", "submitted", "submitted"],
    "refonte-site-atelier": ["accepted"],
    "tableau-de-bord-jardins": ["completed", "completed"],
}
PATHS = {
    "submitted": [],
    "accepted": ["accepted"],
    "completed": ["accepted", "completed"],
    "declined": ["declined"],
    "waiting_list": ["waiting_list"],
    "withdrawn": ["withdrawn"],
}
MESSAGES = [
    "Je travaille dans ce domaine depuis plusieurs années et j'aimerais être utile.",
    "Disponible le soir et le week-end, je peux m'adapter.",
    "J'ai déjà accompagné une association similaire l'an dernier.",
    "Cette mission correspond exactement à ce que je cherchais.",
]


FEEDBACK = [
    (
        "volunteer",
        5,
        "Une équipe accueillante et des objectifs clairs dès le départ.",
        "Prévoir un point à mi-parcours.",
        True,
        True,
    ),
    (
        "beneficiary",
        4,
        "Un regard extérieur précieux et des outils que nous utilisons encore.",
        "Un peu plus de temps pour former l'équipe.",
        True,
        False,
    ),
]

# The association's legal notice and privacy notice (footer, application form). What the
# privacy notice lists is what the portal keeps and erases (docs/settings.md); the host's
# line is the association's to fill in before going live.
INFORMATION_PAGES = [
    (
        "legal_page",
        "mentions-legales",
        "Mentions légales",
        "<h2>Éditeur</h2>"
        "<p>Savoir partagé, association régie par la loi du 1<sup>er</sup> juillet 1901, "
        "RNA W751271238, SIRET 924 146 350 00013, 59 Rue de Bretagne, 75003 Paris. "
        "Contact\u00a0: contact@savoir-partage.example, 01 42 72 00 00.</p>"
        "<p>Directrice de la publication\u00a0: Claire Martin, présidente.</p>"
        "<h2>Hébergement</h2>"
        "<p>À compléter avant la mise en ligne\u00a0: nom, adresse et téléphone de l'hébergeur.</p>"
        "<h2>Attestations</h2>"
        "<p>Toute attestation émise par l'association se vérifie en ligne par son code, "
        "sur la page «\u00a0Vérifier une attestation\u00a0».</p>",
    ),
    (
        "privacy_page",
        "donnees-personnelles",
        "Données personnelles",
        "<p>Savoir partagé traite les données que vous lui confiez pour vous proposer des "
        "missions de bénévolat de compétences, suivre vos candidatures et attester votre "
        "engagement. Responsable du traitement\u00a0: l'association, 59 Rue de Bretagne, "
        "75003 Paris.</p>"
        "<h2>Ce que nous gardons</h2>"
        "<p>Vos nom, adresse e-mail, téléphone (facultatif), code postal et ville, vos "
        "compétences, vos disponibilités et ce que vous écrivez dans vos candidatures, les "
        "heures déclarées, vos avis et les attestations émises. Ces données servent à "
        "rapprocher bénévoles et missions et à vous écrire à leur sujet\u00a0; elles ne sont ni "
        "vendues ni cédées.</p>"
        "<h2>Combien de temps</h2>"
        "<p>Trente-six mois après votre dernière activité, puis vos données sont effacées. "
        "Les chiffres (heures, évaluations) restent, sans votre nom, pour le rapport "
        "d'impact\u00a0; une attestation émise reste vérifiable, avec la mention «\u00a0nom "
        "retiré à la demande du titulaire\u00a0».</p>"
        "<h2>Vos droits</h2>"
        "<p>Depuis votre espace bénévole, vous pouvez télécharger vos données, les corriger "
        "et les effacer, à tout moment. Vous pouvez aussi écrire à "
        "contact@savoir-partage.example, et saisir la CNIL (www.cnil.fr) si vous estimez "
        "que vos droits ne sont pas respectés.</p>",
    ),
]


# What lasted of the completed mission, three months on (the organisation's answer), and
# a word exchanged with its team.
LASTING = {
    "mission": "tableau-de-bord-jardins",
    "still_used": "yes",
    "what_changed": (
        "Nous mettons le tableau de bord à jour chaque mois ; il nous a servi à obtenir "
        "la subvention de la mairie pour deux nouveaux jardins."
    ),
}
CONVERSATION = [
    ("organisation", "Bonjour, pourrions-nous avoir une aide pour former les nouveaux bénévoles au tableau ?"),
    (
        "team",
        "Avec plaisir : nous préparons une mission courte de formation, nous vous la montrons avant de la publier.",
    ),
]
