"""Word lists of the plain-language check, French first, then English. Keys are folded (`core.text.fold`):
lower case, no accents. Each list is short on purpose: it names the usual cases, and the documentation
(docs/plain-language.md) says what the check does not see."""

from __future__ import annotations

# Abbreviations whose final period does not end a sentence (folded, without the period).
ABBREVIATIONS = frozenset(
    {
        "m", "mm", "mme", "mmes", "mlle", "mlles", "dr", "dre", "me", "pr", "st", "ste", "p", "pp", "ex",
        "p.ex", "cf", "c.-a-d", "c-a-d", "env", "av", "boul", "ch", "no", "nos", "art", "al", "min", "max",
        "tel", "vol", "chap", "fig", "ed", "coll", "approx", "resp", "janv", "fevr", "avr", "juill", "sept",
        "oct", "nov", "dec", "inc", "ltee", "cie", "dir", "ss", "vs", "mr", "mrs", "ms", "e.g", "i.e",
    }
)  # fmt: skip
# Abbreviations that may also end a sentence: they end it when the next word starts with a capital.
SENTENCE_ABBREVIATIONS = frozenset({"etc", "inc", "ltee", "cie", "al"})

# Elided articles and pronouns glued to the next word by an apostrophe (« l'école », « qu'il »).
ELISIONS = frozenset({"l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu"})

# Capitalised words of 2 to 6 letters that are not acronyms (headings, Roman numerals, units).
NOT_ACRONYMS = frozenset(
    {
        "avis", "date", "lieu", "heure", "note", "ordre", "jour", "mot", "oui", "non", "ok", "ii", "iii",
        "iv", "vi", "vii", "viii", "ix", "xi", "xii", "xx", "xxi", "le", "la", "les", "de", "du", "des", "et",
        "ou", "un", "une", "a", "au", "aux", "en", "pour", "par", "sur", "avec", "nous", "vous", "merci",
        "bienvenue", "the", "and", "of", "to", "for", "in", "on", "at", "by", "an", "or", "we", "you",
        "rsvp", "pdf", "faq", "url",
    }
)  # fmt: skip

# Field jargon of development work and the plain words to use instead (French).
JARGON_FR: dict[str, str] = {
    "arrimage": "travail ensemble, coordination",
    "concertation intersectorielle": "des organismes de plusieurs milieux qui travaillent ensemble",
    "concertation": "rencontres pour décider ensemble",
    "mobilisation": "faire participer les gens",
    "mobiliser": "faire participer, réunir",
    "leviers": "moyens",
    "levier": "moyen",
    "synergie": "collaboration",
    "synergies": "collaborations",
    "parties prenantes": "personnes et organismes concernés",
    "livrables": "résultats attendus",
    "livrable": "résultat attendu",
    "opérationnaliser": "mettre en pratique",
    "mise en œuvre": "réalisation",
    "mettre en œuvre": "réaliser, faire",
    "intersectoriel": "de plusieurs milieux",
    "intersectorielle": "de plusieurs milieux",
    "intersectoriels": "de plusieurs milieux",
    "intersectorielles": "de plusieurs milieux",
    "transversal": "commun à plusieurs sujets",
    "transversale": "commune à plusieurs sujets",
    "transversales": "communes à plusieurs sujets",
    "arrimer": "relier, faire travailler ensemble",
    "démarche": "projet",
    "démarches": "projets",
    "enjeux": "questions importantes",
    "enjeu": "question importante",
    "gouvernance": "façon de prendre les décisions",
    "priorisation": "choix des priorités",
    "prioriser": "choisir ce qui passe en premier",
    "bonifier": "améliorer",
    "optimiser": "améliorer",
    "pérenniser": "faire durer",
    "pérennité": "durée",
    "déploiement": "mise en place",
    "déployer": "mettre en place",
    "imputabilité": "responsabilité",
    "reddition de comptes": "compte rendu des résultats",
    "empowerment": "pouvoir d'agir",
    "capacitation": "pouvoir d'agir",
    "écosystème": "ensemble des organismes",
    "plan d'action": "liste des actions prévues",
    "cadre de référence": "règles communes",
    "porteur de dossier": "responsable",
    "porteurs de dossier": "responsables",
    "chantier": "projet",
    "chantiers": "projets",
}

JARGON_EN: dict[str, str] = {
    "stakeholders": "people and groups involved",
    "stakeholder": "person or group involved",
    "leverage": "use",
    "synergy": "working together",
    "synergies": "ways of working together",
    "deliverables": "expected results",
    "deliverable": "expected result",
    "operationalize": "put into practice",
    "operationalise": "put into practice",
    "implementation": "carrying out",
    "intersectoral": "across several sectors",
    "cross-sectoral": "across several sectors",
    "capacity building": "training and support",
    "empowerment": "power to act",
    "governance": "how decisions are made",
    "accountability": "answering for results",
    "ecosystem": "the organisations around",
    "mobilization": "bringing people together",
    "mobilisation": "bringing people together",
    "prioritize": "choose what comes first",
    "optimize": "improve",
    "roll out": "start",
}

# Forms of « être » that make a passive with a past participle (« sont invités », « a été adopté »).
ETRE = frozenset(
    {
        "suis", "es", "est", "sommes", "etes", "sont", "etais", "etait", "etions", "etiez", "etaient", "serai",
        "seras", "sera", "serons", "serez", "seront", "serais", "serait", "serions", "seriez", "seraient",
        "sois", "soit", "soyons", "soyez", "soient", "fus", "fut", "fumes", "futes", "furent", "fusse",
        "fussent", "etre", "ete", "etant",
    }
)  # fmt: skip
# Forms of « voir » in « se voir + participle » (« elle s'est vu refuser » is left aside).
VOIR = frozenset(
    {
        "voir", "vois", "voit", "voyons", "voyez", "voient", "voyait", "voyaient", "verra", "verront",
        "verrait", "verraient", "vit", "virent", "voie", "vu", "vue", "vus", "vues",
    }
)  # fmt: skip
# Words that may stand between « être » and the participle (« sont déjà invités », « n'est pas prévu »).
BETWEEN = frozenset(
    {
        "pas", "plus", "jamais", "bien", "deja", "tres", "souvent", "toujours", "aussi", "encore", "tous",
        "toutes", "ensuite", "alors", "ainsi", "entierement", "largement", "notamment", "egalement", "tout",
        "mieux", "peu", "trop", "vite", "rarement", "parfois",
    }
)  # fmt: skip
# Participles of verbs conjugated with « être » in the active voice (« est allé »), and adjectives in -é
# that describe a state more than an action: never a passive.
ACTIVE_WITH_ETRE = frozenset(
    {
        "alle", "allee", "alles", "allees", "venu", "venue", "venus", "venues", "revenu", "revenue", "revenus",
        "revenues", "devenu", "devenue", "devenus", "devenues", "arrive", "arrivee", "arrives", "arrivees",
        "parti", "partie", "partis", "parties", "sorti", "sortie", "sortis", "sorties", "entre", "entree",
        "entres", "entrees", "rentre", "rentree", "rentres", "rentrees", "reste", "restee", "restes", "restees",
        "tombe", "tombee", "tombes", "tombees", "monte", "montee", "montes", "montees", "descendu",
        "descendue", "descendus", "descendues", "ne", "nee", "nes", "nees", "mort", "morte", "morts", "mortes",
        "decede", "decedee", "decedes", "decedees", "passe", "passee", "passes", "passees", "retourne",
        "retournee", "retournes", "retournees", "ete", "desole", "desolee", "desoles", "desolees", "age",
        "agee", "ages", "agees", "situe", "situee", "situes", "situees", "presente", "fatigue", "fatiguee",
        "heureux", "prets", "pret", "prete", "pretes", "cle", "societe", "sante", "communaute", "qualite",
        "priorite", "activite", "comite", "capacite", "identite", "realite", "necessite", "responsabilite",
        "diversite", "liberte", "egalite", "equite", "solidarite", "proximite", "totalite", "majorite",
        "minorite", "mobilite", "pauvrete", "securite", "cafe", "idee", "idees", "annee", "annees", "journee",
        "journees", "soiree", "soirees", "duree", "musee", "lycee", "pense", "penses",
    }
)  # fmt: skip
# Past participles that do not end in « é » (the regular ones of the first group do).
IRREGULAR_PARTICIPLES = frozenset(
    {
        "pris", "prise", "prises", "mis", "mise", "mises", "fait", "faite", "faits", "faites", "ecrit",
        "ecrite", "ecrits", "ecrites", "dit", "dite", "dits", "dites", "produit", "produite", "produits",
        "produites", "conduit", "conduite", "ouvert", "ouverte", "ouverts", "ouvertes", "offert", "offerte",
        "offerts", "offertes", "couvert", "couverte", "couverts", "couvertes", "recu", "recue", "recus",
        "recues", "prevu", "prevue", "prevus", "prevues", "vu", "vue", "vus", "vues", "tenu", "tenue", "tenus",
        "tenues", "retenu", "retenue", "retenus", "retenues", "soutenu", "soutenue", "soutenus", "soutenues",
        "obtenu", "obtenue", "obtenus", "obtenues", "entendu", "entendue", "rendu", "rendue", "rendus",
        "rendues", "connu", "connue", "connus", "connues", "elu", "elue", "elus", "elues", "lu", "lue", "lus",
        "lues", "remis", "remise", "permis", "permise", "admis", "admise", "admises", "inscrit", "inscrite",
        "inscrits", "inscrites", "decrit", "decrite", "construit", "construite", "construits", "reduit",
        "reduite", "atteint", "atteinte", "atteints", "joint", "jointe", "joints", "rejoint", "rejointe",
        "choisi", "choisie", "choisis", "choisies", "reuni", "reunie", "reunis", "reunies", "etabli",
        "etablie", "etablis", "etablies", "fourni", "fournie", "fournis", "fournies", "defini", "definie",
        "definis", "definies", "accueilli", "accueillie", "accueillis", "accueillies", "suivi", "suivie",
        "suivis", "suivies", "servi", "servie", "servis", "reparti", "repartie", "repartis", "reparties",
        "convenu", "convenue", "compris", "comprise", "appris", "promis", "promise", "soumis", "soumise",
        "transmis", "transmise", "requis", "requise", "acquis", "acquise", "finance", "dissous",
        "resolu", "resolue", "resolus", "maintenu", "maintenue", "detenu", "detenue", "appuye", "appuyee",
    }
)  # fmt: skip
# Words before « être » that make it pronominal (« nous nous sommes réunis »: not a passive).
REFLEXIVE = frozenset({"se", "me", "te"})

# Suffixes of nouns made from verbs, the heads of noun-heavy phrases (« la planification du développement »).
NOMINAL_SUFFIXES = ("tion", "tions", "sion", "sions", "ment", "ments", "age", "ages", "ance", "ances",
                    "ence", "ences", "ure", "ures")  # fmt: skip
# Nouns with those endings that are everyday words, not made from a verb.
NOT_NOMINAL = frozenset(
    {
        "moment", "moments", "logement", "logements", "environnement", "gouvernement", "village", "villages",
        "page", "pages", "image", "images", "age", "ages", "nature", "culture", "heure", "heures", "voiture",
        "voitures", "lecture", "ecole", "nation", "nations", "question", "questions", "station", "stations",
        "mission", "missions", "commission", "version", "pension", "region", "regions", "ensemble",
        "parlement", "departement", "vraiment", "seulement", "notamment", "egalement", "comment", "ouverture",
        "mesure", "mesures", "droit", "enfance", "famille", "membre", "membres", "fromage", "plage", "voyage",
        "etage", "message", "messages", "courage", "usage", "langage", "personnage", "chance", "France",
        "absence", "presence", "science", "sciences", "conference", "experience", "experiences", "difference",
        "differences", "residence", "residences", "agence", "urgence", "confiance", "assurance", "vacances",
        "naissance", "salaire", "aventure", "facture", "information", "informations", "education",
        "population", "populations", "association", "associations", "organisation", "organisations",
        "municipalite", "avance", "elements", "element", "document", "documents", "evenement",
        "evenements", "batiment", "batiments", "aliment", "aliments", "argument", "instrument", "monument",
        "appartement", "equipement", "equipements", "entreprise",
    }
)  # fmt: skip
# The links of a noun chain: « de », « du », « des », « de la », « de l' », « d' ».
OF_WORDS = frozenset({"de", "du", "des"})

# English: forms of « to be » and words between, for passives (« is approved », « were not invited »).
BE = frozenset({"am", "is", "are", "was", "were", "be", "been", "being"})
BETWEEN_EN = frozenset({"not", "also", "already", "often", "always", "never", "still", "being", "then", "now"})
IRREGULAR_PARTICIPLES_EN = frozenset(
    {
        "made", "done", "given", "taken", "held", "seen", "known", "shown", "written", "chosen", "built",
        "sent", "paid", "found", "told", "brought", "kept", "led", "met", "set", "put", "run", "won",
        "drawn", "grown", "spent", "heard", "sold", "begun", "bought", "taught", "thought", "meant",
    }
)  # fmt: skip
NOT_PARTICIPLES_EN = frozenset({"need", "feed", "speed", "seed", "red", "bed", "shed", "bred", "hundred", "indeed"})
NOMINAL_SUFFIXES_EN = ("tion", "tions", "sion", "sions", "ment", "ments", "ance", "ances", "ence", "ences", "ity")
NOT_NOMINAL_EN = frozenset(
    {"information", "nation", "question", "questions", "station", "moment", "government", "city", "community",
     "communities", "experience", "evidence", "difference", "education", "population", "organization",
     "organisation", "association", "mission"}
)  # fmt: skip
OF_WORDS_EN = frozenset({"of"})

# Endings of French verbs in the third person plural whose « -ent » is silent (« ils parlent »), and the
# common words in « -ent » that are not verbs (« souvent », « parent »): syllable counting.
SOUNDED_ENT = frozenset(
    {
        "souvent", "parent", "parents", "present", "accent", "argent", "client", "agent", "content", "dent",
        "vent", "lent", "cent", "gent", "urgent", "absent", "talent", "evident", "different", "intelligent",
        "recent", "frequent", "patient", "serpent", "torrent", "excellent", "equivalent", "suffisant",
        "adolescent", "president", "accident", "incident", "continent", "precedent", "consent", "couvent",
        "orient", "permanent", "competent", "pertinent", "apparent", "transparent", "dirigeant",
    }
)  # fmt: skip
