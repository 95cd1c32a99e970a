"""The demonstration data: believable, fictional activity on real Québec geography.

Public institutions (the Ville de Québec, the CIUSSS, school service centres, MRCs, the Pôle d'économie
sociale de la Mauricie…) keep their real names; community groups and enterprises have invented but
plausible names; every person is fictional. Plain data only: `arrimage.demo.services.demo_load` writes
it through the registry's services.

The stories the data tells, so that each analysis has something to find:

- Beauport (Québec City): the Table de développement local de Beauport and the tables of the borough,
  with staff turnover (a coordination seat held by three people in turn, with vacancies between them),
  one CIUSSS community organiser sitting on seven tables at once, two food-security committees on the
  same territory, an ended chantier and a private coordination committee.
- The Réseau de développement des communautés de la Capitale-Nationale and its thirteen local démarches.
- The MRC des Appalaches and the MRC des Etchemins: a territorial development table with three seats
  for people living in precarity, family and seniors (MADA) committees in small municipalities, two of
  them sharing no member with any other table, and a community organiser who moves from the CISSS to the
  MRC des Etchemins.
- The Pôle d'économie sociale de la Mauricie: a regional social-economy table whose enterprises also
  sit at local tables.

Dates are written `YYYY`, `YYYY-MM` or `YYYY-MM-DD`: a year is all anyone remembers of many arrivals.
"""

from __future__ import annotations

from dataclasses import dataclass

DEMO_PASSWORD = "arrimage-demo-2026"  # noqa: S105 - the documented password of the demonstration accounts only
DEMO_EMAIL_DOMAIN = "exemple.demo"


# Shapes -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OrganizationRow:
    key: str
    name: str
    sector: str
    acronym: str = ""
    legal_form: str = ""
    territories: tuple[str, ...] = ()
    mission: str = ""
    parent: str = ""


@dataclass(frozen=True)
class JobRow:
    organization: str
    profession: str
    title: str
    start: str = ""
    end: str = ""


@dataclass(frozen=True)
class PersonRow:
    key: str
    given_name: str
    family_name: str
    jobs: tuple[JobRow, ...] = ()
    is_citizen: bool = False
    public_consent: bool = True


@dataclass(frozen=True)
class HoldingRow:
    """A holding of a seat. `replaces`: the previous holding (left open) is handed over on `start`."""

    person: str = ""
    organization: str = ""
    start: str = ""
    end: str = ""
    reason: str = ""
    role: str = "member"
    replaces: bool = False


@dataclass(frozen=True)
class SeatRow:
    label: str
    holdings: tuple[HoldingRow, ...] = ()
    seat_type: str = "organisational"
    reserved_sector: str = ""
    is_voting: bool = True
    created_on: str = ""  # a full date; when empty, the first holder's start, or else the concertation's


@dataclass(frozen=True)
class ConcertationRow:
    key: str
    name: str
    kind: str
    level: str
    territories: tuple[str, ...]
    themes: tuple[str, ...]
    seats: tuple[SeatRow, ...]
    acronym: str = ""
    mission: str = ""
    parent: str = ""
    coordinator: str = ""
    funders: tuple[str, ...] = ()
    start: str = ""
    end: str = ""
    frequency: str = ""
    is_public: bool = True


@dataclass(frozen=True)
class AccountRow:
    email: str
    first_name: str
    last_name: str
    role: str  # administrator, territorial_editor, coordinator or member
    territory: str = ""
    concertation: str = ""
    person: str = ""


def job(organization: str, profession: str, title: str, start: str = "", end: str = "") -> JobRow:
    return JobRow(organization, profession, title, start, end)


def held(
    person: str = "",
    organization: str = "",
    start: str = "",
    end: str = "",
    reason: str = "",
    *,
    role: str = "member",
    replaces: bool = False,
) -> HoldingRow:
    return HoldingRow(person, organization, start, end, reason, role, replaces)


def seat(label: str, *holdings: HoldingRow, **options: object) -> SeatRow:
    return SeatRow(label, holdings, **options)  # type: ignore[arg-type]


def citizen(key: str, given_name: str, family_name: str, *, consent: bool = False) -> PersonRow:
    return PersonRow(key, given_name, family_name, is_citizen=True, public_consent=consent)


# Organisations ------------------------------------------------------------------------------------

BEAUPORT = "borough:REQ05"

ORGANIZATIONS: list[OrganizationRow] = [
    # Beauport
    OrganizationRow(
        "cdc_beauport",
        "Corporation de développement communautaire de Beauport",
        "community",
        "CDC de Beauport",
        "nonprofit",
        (BEAUPORT,),
        "Regroupement d'environ 40 organismes d'action communautaire autonome de Beauport, unis par la lutte "
        "contre la pauvreté et l'exclusion sociale. Le développement local est sa première priorité.",
    ),
    OrganizationRow(
        "ciusss_cn",
        "Centre intégré universitaire de santé et de services sociaux de la Capitale-Nationale",
        "health",
        "CIUSSS de la Capitale-Nationale",
        "public_body",
        ("region:03",),
    ),
    OrganizationRow("ville_quebec", "Ville de Québec", "municipal", "", "municipality", ("municipality:23027",)),
    OrganizationRow(
        "arr_beauport",
        "Arrondissement de Beauport",
        "municipal",
        "",
        "municipality",
        (BEAUPORT,),
        parent="ville_quebec",
    ),
    OrganizationRow(
        "css_ps",
        "Centre de services scolaire des Premières-Seigneuries",
        "education",
        "CSSPS",
        "public_body",
        ("borough:REQ04", BEAUPORT, "mrc:21", "mrc:20"),
    ),
    OrganizationRow(
        "omhq", "Office municipal d'habitation de Québec", "municipal", "OMHQ", "public_body", ("municipality:23027",)
    ),
    OrganizationRow(
        "pivotal",
        "Le Pivotal",
        "community",
        "",
        "nonprofit",
        (BEAUPORT,),
        "Centre communautaire : loisirs, entraide et vie de quartier.",
    ),
    OrganizationRow(
        "beauport_attache",
        "Beauport d'Attache",
        "community",
        "",
        "nonprofit",
        (BEAUPORT,),
        "Concertation et projets en petite enfance à Beauport.",
    ),
    OrganizationRow(
        "cje_beauport",
        "Carrefour jeunesse-emploi de Beauport",
        "community",
        "CJE de Beauport",
        "nonprofit",
        (BEAUPORT,),
        "Accompagne les jeunes de 16 à 35 ans vers l'emploi, les études et la persévérance scolaire.",
    ),
    OrganizationRow(
        "garde_manger",
        "Le Garde-Manger de Beauport",
        "community",
        "",
        "nonprofit",
        (BEAUPORT,),
        "Dépannage alimentaire et épicerie communautaire.",
    ),
    OrganizationRow(
        "cuisines_giffard",
        "Cuisines collectives du Vieux-Giffard",
        "community",
        "",
        "nonprofit",
        (BEAUPORT,),
        "Des groupes de cuisine collective pour cuisiner ensemble à petit prix.",
    ),
    OrganizationRow(
        "epicerie_chute",
        "Coopérative de solidarité Épicerie La Chute",
        "social_economy",
        "Épicerie La Chute",
        "cooperative",
        (BEAUPORT,),
        "Épicerie solidaire : des aliments frais à prix accessible, des emplois locaux.",
    ),
    OrganizationRow(
        "jardins_beauport",
        "Les Jardins partagés de Beauport",
        "citizen",
        "",
        "informal",
        (BEAUPORT,),
        "Collectif citoyen de jardins partagés et de glanage.",
    ),
    OrganizationRow(
        "maison_familles", "Maison des familles de la Chute-Montmorency", "community", "", "nonprofit", (BEAUPORT,)
    ),
    OrganizationRow("cpe_goelands", "CPE Les Petits Goélands", "community", "", "nonprofit", (BEAUPORT,)),
    OrganizationRow("mdj_escale", "Maison des jeunes L'Escale de Beauport", "community", "", "nonprofit", (BEAUPORT,)),
    OrganizationRow("popote_beauport", "Popote et entraide Beauport", "community", "", "nonprofit", (BEAUPORT,)),
    OrganizationRow("club_giffard", "Club des aînés de Giffard", "citizen", "", "nonprofit", (BEAUPORT,)),
    OrganizationRow(
        "proches_aidants", "Regroupement des proches aidants de Beauport", "community", "", "nonprofit", (BEAUPORT,)
    ),
    OrganizationRow("chagnon", "Fondation Lucie et André Chagnon", "philanthropy", "", "nonprofit", ("province:24",)),
    OrganizationRow(
        "centraide",
        "Centraide Québec et Chaudière-Appalaches",
        "philanthropy",
        "",
        "nonprofit",
        ("region:03", "region:12"),
    ),
    # Capitale-Nationale: the Réseau, the MRCs and the fiduciaries of the local démarches
    OrganizationRow(
        "rdc_cn",
        "Réseau de développement des communautés de la Capitale-Nationale",
        "community",
        "RDC-CN",
        "nonprofit",
        ("region:03",),
        "Regroupe les démarches intersectorielles en développement des communautés de la Capitale-Nationale.",
    ),
    OrganizationRow("mrc_portneuf", "MRC de Portneuf", "supralocal", "", "municipality", ("mrc:34",)),
    OrganizationRow("mrc_jc", "MRC de La Jacques-Cartier", "supralocal", "", "municipality", ("mrc:22",)),
    OrganizationRow("mrc_cdb", "MRC de La Côte-de-Beaupré", "supralocal", "", "municipality", ("mrc:21",)),
    OrganizationRow("mrc_io", "MRC de L'Île-d'Orléans", "supralocal", "", "municipality", ("mrc:20",)),
    OrganizationRow("mrc_charlevoix", "MRC de Charlevoix", "supralocal", "", "municipality", ("mrc:16",)),
    OrganizationRow("mrc_charlevoix_est", "MRC de Charlevoix-Est", "supralocal", "", "municipality", ("mrc:15",)),
    OrganizationRow(
        "ville_st_raymond", "Ville de Saint-Raymond", "municipal", "", "municipality", ("municipality:34128",)
    ),
    OrganizationRow(
        "ville_sbl", "Ville de Sainte-Brigitte-de-Laval", "municipal", "", "municipality", ("municipality:22045",)
    ),
    OrganizationRow("fid_portneuf", "Carrefour des partenaires de Portneuf", "community", "", "nonprofit", ("mrc:34",)),
    OrganizationRow("fid_jc", "Entraide Jacques-Cartier", "community", "", "nonprofit", ("mrc:22",)),
    OrganizationRow(
        "fid_cdb", "Alliance communautaire de la Côte-de-Beaupré", "community", "", "nonprofit", ("mrc:21",)
    ),
    OrganizationRow("fid_io", "Regroupement des organismes de l'Île", "community", "", "nonprofit", ("mrc:20",)),
    OrganizationRow("fid_charlevoix", "Solidarité Charlevoix", "community", "", "nonprofit", ("mrc:16",)),
    OrganizationRow("fid_charlevoix_est", "Concertaction Charlevoix-Est", "community", "", "nonprofit", ("mrc:15",)),
    OrganizationRow(
        "fid_limoilou", "Centre communautaire du Vieux-Limoilou", "community", "", "nonprofit", ("borough:REQ01",)
    ),
    OrganizationRow("fid_vanier", "Vanier en action", "community", "", "nonprofit", ("borough:REQ02",)),
    OrganizationRow(
        "fid_charlesbourg", "Relais communautaire de Charlesbourg", "community", "", "nonprofit", ("borough:REQ04",)
    ),
    OrganizationRow("fid_hsc", "Carrefour de la Haute-Saint-Charles", "community", "", "nonprofit", ("borough:REQ06",)),
    OrganizationRow("fid_sfscr", "Entraide Sainte-Foy–Sillery", "community", "", "nonprofit", ("borough:REQ03",)),
    OrganizationRow(
        "fid_st_raymond",
        "Maison de la solidarité de Saint-Raymond",
        "community",
        "",
        "nonprofit",
        ("municipality:34128",),
    ),
    OrganizationRow(
        "fid_sbl", "Comité citoyen de Sainte-Brigitte-de-Laval", "citizen", "", "informal", ("municipality:22045",)
    ),
    # Chaudière-Appalaches: MRC des Appalaches and MRC des Etchemins
    OrganizationRow(
        "mrc_appalaches",
        "MRC des Appalaches",
        "supralocal",
        "",
        "municipality",
        ("mrc:31",),
        "Dix-neuf municipalités, de quelques centaines d'habitants à plus de 20 000 pour la ville centre.",
    ),
    OrganizationRow(
        "ville_thetford", "Ville de Thetford Mines", "municipal", "", "municipality", ("municipality:31084",)
    ),
    OrganizationRow(
        "mun_st_fortunat", "Municipalité de Saint-Fortunat", "municipal", "", "municipality", ("municipality:31030",)
    ),
    OrganizationRow("mun_adstock", "Municipalité d'Adstock", "municipal", "", "municipality", ("municipality:31056",)),
    OrganizationRow(
        "mun_st_julien", "Municipalité de Saint-Julien", "municipal", "", "municipality", ("municipality:31035",)
    ),
    OrganizationRow(
        "mun_wolfestown",
        "Paroisse de Saint-Jacques-le-Majeur-de-Wolfestown",
        "municipal",
        "",
        "municipality",
        ("municipality:31025",),
    ),
    OrganizationRow(
        "cisss_ca",
        "Centre intégré de santé et de services sociaux de Chaudière-Appalaches",
        "health",
        "CISSS de Chaudière-Appalaches",
        "public_body",
        ("region:12",),
    ),
    OrganizationRow(
        "css_appalaches", "Centre de services scolaire des Appalaches", "education", "", "public_body", ("mrc:31",)
    ),
    OrganizationRow(
        "roca",
        "Regroupement des organismes communautaires des Appalaches",
        "community",
        "ROCA",
        "nonprofit",
        ("mrc:31",),
    ),
    OrganizationRow(
        "club_st_fortunat", "Club de l'âge d'or de Saint-Fortunat", "citizen", "", "nonprofit", ("municipality:31030",)
    ),
    OrganizationRow("mrc_etchemins", "MRC des Etchemins", "supralocal", "", "municipality", ("mrc:28",)),
    OrganizationRow(
        "mun_ste_sabine", "Paroisse de Sainte-Sabine", "municipal", "", "municipality", ("municipality:28065",)
    ),
    OrganizationRow(
        "css_beauce_etchemin",
        "Centre de services scolaire de la Beauce-Etchemin",
        "education",
        "",
        "public_body",
        ("mrc:28", "mrc:27", "mrc:29"),
    ),
    OrganizationRow(
        "maison_etchemins", "Maison de la famille des Etchemins", "community", "", "nonprofit", ("mrc:28",)
    ),
    OrganizationRow(
        "transport_etchemins", "Transport collectif et adapté des Etchemins", "community", "", "nonprofit", ("mrc:28",)
    ),
    # Mauricie
    OrganizationRow(
        "pole_es_mauricie",
        "Pôle d'économie sociale de la Mauricie",
        "social_economy",
        "",
        "nonprofit",
        ("region:04",),
        "Valorise l'économie sociale, soutient son émergence, renforce ses entreprises et veille à un écosystème "
        "d'accompagnement cohérent en Mauricie.",
    ),
    OrganizationRow("ville_tr", "Ville de Trois-Rivières", "municipal", "", "municipality", ("municipality:37067",)),
    OrganizationRow(
        "ville_shawinigan", "Ville de Shawinigan", "municipal", "", "municipality", ("municipality:36033",)
    ),
    OrganizationRow("mrc_mekinac", "MRC de Mékinac", "supralocal", "", "municipality", ("mrc:35",)),
    OrganizationRow(
        "ciusss_mcq",
        "Centre intégré universitaire de santé et de services sociaux de la Mauricie-et-du-Centre-du-Québec",
        "health",
        "CIUSSS MCQ",
        "public_body",
        ("region:04", "region:17"),
    ),
    OrganizationRow(
        "ressourcerie_tr",
        "Ressourcerie La Deuxième Vie",
        "social_economy",
        "",
        "nonprofit",
        ("municipality:37067",),
        "Récupère, répare et revend des objets; emplois d'insertion.",
    ),
    OrganizationRow(
        "grenier_coop",
        "Coopérative de solidarité Le Grenier partagé",
        "social_economy",
        "",
        "cooperative",
        ("municipality:36033",),
        "Épicerie et café coopératifs au centre-ville de Shawinigan.",
    ),
    OrganizationRow(
        "ateliers_mekinac",
        "Les Ateliers Mékinac",
        "social_economy",
        "",
        "nonprofit",
        ("mrc:35",),
        "Entreprise d'insertion en menuiserie et en entretien.",
    ),
    OrganizationRow(
        "coop_domicile",
        "Coopérative de services à domicile du Centre-de-la-Mauricie",
        "social_economy",
        "",
        "cooperative",
        ("municipality:36033", "mrc:35"),
    ),
    OrganizationRow(
        "cafe_st_tite",
        "Café-coop Le Rendez-vous de Saint-Tite",
        "social_economy",
        "",
        "cooperative",
        ("municipality:35027",),
    ),
]


# People -------------------------------------------------------------------------------------------

CO = "community_organiser"
DEV = "development_agent"
SDA = "social_development_adviser"
ED = "executive_director"
COORD = "coordinator"
ELECTED = "elected_official"

PEOPLE: list[PersonRow] = [
    # Beauport
    PersonRow(
        "annie_berube",
        "Annie",
        "Bérubé",
        (
            job("cdc_beauport", COORD, "Coordonnatrice de la Table de développement local", "2017-03", "2019-06"),
            job("ville_quebec", SDA, "Conseillère en développement social", "2019-08"),
        ),
    ),
    PersonRow(
        "mathieu_paradis",
        "Mathieu",
        "Paradis",
        (job("cdc_beauport", COORD, "Coordonnateur de la Table de développement local", "2019-09", "2021-12"),),
    ),
    PersonRow(
        "judith_fortin",
        "Judith",
        "Fortin-Lapointe",
        (job("cdc_beauport", COORD, "Coordonnatrice de la Table de développement local", "2022-03-14"),),
    ),
    PersonRow("olivier_gingras", "Olivier", "Gingras", (job("cdc_beauport", DEV, "Agent de développement", "2014"),)),
    PersonRow(
        "chantal_bouchard",
        "Chantal",
        "Bouchard",
        (job("ciusss_cn", CO, "Organisatrice communautaire", "2008", "2018-08"),),
    ),
    PersonRow(
        "karine_morissette",
        "Karine",
        "Morissette",
        (job("ciusss_cn", CO, "Organisatrice communautaire", "2016", "2021-01"),),
    ),
    PersonRow(
        "isabelle_thibodeau",
        "Isabelle",
        "Thibodeau",
        (
            job("cje_beauport", DEV, "Agente de projets jeunesse", "2015", "2020-10"),
            job("ciusss_cn", CO, "Organisatrice communautaire", "2020-11-01"),
        ),
    ),
    PersonRow(
        "marc_andre_poulin",
        "Marc-André",
        "Poulin",
        (job("ville_quebec", SDA, "Conseiller en développement social", "2010", "2019-06"),),
    ),
    PersonRow(
        "nadia_cloutier",
        "Nadia",
        "Cloutier",
        (job("ville_quebec", "other", "Technicienne en loisirs et vie communautaire", "2021-03"),),
        public_consent=False,
    ),
    PersonRow(
        "rejean_pelletier",
        "Réjean",
        "Pelletier",
        (job("ville_quebec", ELECTED, "Conseiller municipal, président de l'arrondissement", "2013-11", "2021-11"),),
    ),
    PersonRow(
        "sophie_lachapelle",
        "Sophie",
        "Lachapelle",
        (job("ville_quebec", ELECTED, "Conseillère municipale, présidente de l'arrondissement", "2021-11"),),
    ),
    PersonRow("veronique_dion", "Véronique", "Dion", (job("pivotal", ED, "Directrice générale", "2012"),)),
    PersonRow(
        "melanie_fournier", "Mélanie", "Fournier", (job("beauport_attache", COORD, "Coordonnatrice", "2018-08"),)
    ),
    PersonRow(
        "caroline_pepin", "Caroline", "Pépin", (job("beauport_attache", COORD, "Coordonnatrice", "2011", "2018-06"),)
    ),
    PersonRow(
        "simon_lavoie",
        "Simon",
        "Lavoie",
        (job("cje_beauport", COORD, "Coordonnateur des projets jeunesse", "2020-11"),),
    ),
    PersonRow("ginette_lemieux", "Ginette", "Lemieux", (job("popote_beauport", ED, "Directrice générale", "2010"),)),
    PersonRow(
        "patrick_boucher",
        "Patrick",
        "Boucher",
        (job("css_ps", "other", "Conseiller pédagogique", "2014", "2023-06"),),
    ),
    PersonRow(
        "daniel_morin", "Daniel", "Morin", (job("css_ps", "other", "Directeur adjoint d'école", "2010", "2017-06"),)
    ),
    PersonRow(
        "sarah_beaulieu",
        "Sarah",
        "Beaulieu",
        (job("css_ps", "other", "Conseillère d'orientation", "2017-09", "2019-06"),),
    ),
    PersonRow(
        "kim_nguyen",
        "Kim",
        "Nguyen",
        (job("css_ps", "other", "Conseillère pédagogique", "2023-08"),),
        public_consent=False,
    ),
    PersonRow("julie_ouellet", "Julie", "Ouellet", (job("cpe_goelands", ED, "Directrice générale", "2009"),)),
    PersonRow("stephanie_caron", "Stéphanie", "Caron", (job("maison_familles", COORD, "Coordonnatrice", "2013"),)),
    PersonRow("lise_vachon", "Lise", "Vachon", (job("proches_aidants", COORD, "Coordonnatrice", "2019"),)),
    PersonRow(
        "helene_bergeron", "Hélène", "Bergeron", (job("garde_manger", ED, "Directrice générale", "2005", "2017-06"),)
    ),
    PersonRow(
        "jf_hamel",
        "Jean-François",
        "Hamel",
        (job("garde_manger", COORD, "Coordonnateur", "2017-09", "2021-03"),),
    ),
    PersonRow("amelie_rioux", "Amélie", "Rioux", (job("garde_manger", COORD, "Coordonnatrice", "2021-06"),)),
    PersonRow("nathalie_giroux", "Nathalie", "Giroux", (job("cuisines_giffard", COORD, "Coordonnatrice", "2012"),)),
    PersonRow("maxime_drouin", "Maxime", "Drouin", (job("epicerie_chute", ED, "Directeur général", "2019"),)),
    PersonRow(
        "gabriel_sirois", "Gabriel", "Sirois", (job("jardins_beauport", "other", "Porte-parole bénévole", "2021"),)
    ),
    PersonRow("alexis_poirier", "Alexis", "Poirier", (job("mdj_escale", COORD, "Coordonnateur", "2017"),)),
    citizen("luc_bernier", "Luc", "Bernier"),
    citizen("francine_roussel", "Francine", "Roussel"),
    citizen("emilie_landry", "Émilie", "Landry", consent=True),
    citizen("roger_gosselin", "Roger", "Gosselin"),
    citizen("martine_lacasse", "Martine", "Lacasse"),
    citizen("lea_martel", "Léa", "Martel"),
    citizen("denise_paquet", "Denise", "Paquet"),
    # The Réseau and its démarches
    PersonRow("philippe_savard", "Philippe", "Savard", (job("rdc_cn", COORD, "Coordonnateur", "2015", "2018-10"),)),
    PersonRow("catherine_belanger", "Catherine", "Bélanger", (job("rdc_cn", COORD, "Coordonnatrice", "2019-01"),)),
    PersonRow(
        "sebastien_lapierre",
        "Sébastien",
        "Lapierre",
        (job("ciusss_cn", "other", "Agent de planification, santé publique", "2012"),),
    ),
    PersonRow("nathalie_hardy", "Nathalie", "Hardy", (job("ciusss_cn", CO, "Organisatrice communautaire", "2013"),)),
    PersonRow("bruno_gagnon", "Bruno", "Gagnon", (job("ciusss_cn", CO, "Organisateur communautaire", "2011"),)),
    PersonRow(
        "marie_claude_drolet",
        "Marie-Claude",
        "Drolet",
        (job("ciusss_cn", CO, "Organisatrice communautaire", "2014"),),
    ),
    PersonRow("jerome_dufour", "Jérôme", "Dufour", (job("ciusss_cn", CO, "Organisateur communautaire", "2019-04"),)),
    PersonRow(
        "marie_josee_genest",
        "Marie-Josée",
        "Genest",
        (job("fid_portneuf", COORD, "Coordonnatrice de la démarche", "2015-09"),),
    ),
    PersonRow(
        "frederic_auclair", "Frédéric", "Auclair", (job("fid_jc", COORD, "Coordonnateur de la démarche", "2017"),)
    ),
    PersonRow(
        "louis_gravel", "Louis", "Gravel", (job("fid_cdb", COORD, "Coordonnateur de la démarche", "2016", "2020-03"),)
    ),
    PersonRow(
        "valerie_cantin", "Valérie", "Cantin", (job("fid_cdb", COORD, "Coordonnatrice de la démarche", "2020-06"),)
    ),
    PersonRow(
        "hugo_plamondon", "Hugo", "Plamondon", (job("fid_io", COORD, "Coordonnateur de la démarche", "2018-05"),)
    ),
    PersonRow(
        "nicolas_simard",
        "Nicolas",
        "Simard",
        (job("fid_charlevoix", COORD, "Coordonnateur de la démarche", "2015", "2018"),),
    ),
    PersonRow(
        "elise_harvey",
        "Élise",
        "Tremblay-Harvey",
        (job("fid_charlevoix", COORD, "Coordonnatrice de la démarche", "2019"),),
    ),
    PersonRow(
        "joelle_girard",
        "Joëlle",
        "Girard",
        (job("fid_charlevoix_est", COORD, "Coordonnatrice de la démarche", "2016-02"),),
    ),
    PersonRow(
        "anne_marie_larouche",
        "Anne-Marie",
        "Larouche",
        (job("fid_limoilou", COORD, "Coordonnatrice de la démarche", "2015-06", "2017-08"),),
    ),
    PersonRow(
        "kevin_duchesne",
        "Kevin",
        "Duchesne",
        (job("fid_limoilou", COORD, "Coordonnateur de la démarche", "2017-10", "2022-05"),),
    ),
    PersonRow(
        "samuel_picard", "Samuel", "Picard", (job("fid_limoilou", COORD, "Coordonnateur de la démarche", "2022-08"),)
    ),
    PersonRow(
        "fatima_benali", "Fatima", "Benali", (job("fid_vanier", COORD, "Coordonnatrice de la démarche", "2016"),)
    ),
    PersonRow(
        "laurence_boivin",
        "Laurence",
        "Boivin",
        (job("fid_charlesbourg", COORD, "Coordonnatrice de la démarche", "2019-03"),),
    ),
    PersonRow(
        "dominique_bedard", "Dominique", "Bédard", (job("fid_hsc", COORD, "Coordonnatrice de la démarche", "2020"),)
    ),
    PersonRow(
        "jonathan_leclerc", "Jonathan", "Leclerc", (job("fid_sfscr", COORD, "Coordonnateur de la démarche", "2021-09"),)
    ),
    PersonRow(
        "sylvie_moisan", "Sylvie", "Moisan", (job("fid_st_raymond", COORD, "Coordonnatrice de la démarche", "2017-04"),)
    ),
    PersonRow("melissa_vezina", "Mélissa", "Vézina", (job("fid_sbl", COORD, "Coordonnatrice bénévole", "2024-02"),)),
    citizen("paul_begin", "Paul", "Bégin"),
    citizen("ariane_fleury", "Ariane", "Fleury"),
    citizen("jocelyne_asselin", "Jocelyne", "Asselin"),
    citizen("mamadou_diallo", "Mamadou", "Diallo"),
    citizen("rosalie_gendron", "Rosalie", "Gendron"),
    citizen("thierry_labrecque", "Thierry", "Labrecque"),
    citizen("guylaine_pare", "Guylaine", "Paré"),
    citizen("benoit_ferland", "Benoît", "Ferland"),
    # MRC des Appalaches
    PersonRow(
        "helene_grondin",
        "Hélène",
        "Grondin",
        (job("mrc_appalaches", DEV, "Conseillère en développement territorial", "2014"),),
    ),
    PersonRow("vincent_labbe", "Vincent", "Labbé", (job("mrc_appalaches", "planner", "Aménagiste", "2018-01"),)),
    PersonRow(
        "manon_veilleux",
        "Manon",
        "Veilleux",
        (job("cisss_ca", CO, "Organisatrice communautaire", "2009", "2019-05"),),
    ),
    PersonRow(
        "josee_turcotte",
        "Josée",
        "Turcotte",
        (
            job("cisss_ca", CO, "Organisatrice communautaire", "2019-08", "2023-04-02"),
            job("mrc_etchemins", DEV, "Agente de développement social", "2023-05-08"),
        ),
    ),
    PersonRow("eric_nolet", "Éric", "Nolet", (job("cisss_ca", CO, "Organisateur communautaire", "2023-04-03"),)),
    PersonRow(
        "audrey_mathieu",
        "Audrey",
        "Mathieu",
        (job("cisss_ca", "healthy_lifestyle_agent", "Agente de promotion des saines habitudes de vie", "2017"),),
    ),
    PersonRow("luc_grenier", "Luc", "Grenier", (job("ville_thetford", DEV, "Agent de développement", "2016"),)),
    PersonRow("diane_lessard", "Diane", "Lessard", (job("roca", ED, "Directrice générale", "2008"),)),
    PersonRow(
        "jacques_giguere", "Jacques", "Giguère", (job("mrc_appalaches", ELECTED, "Préfet", "2013-11", "2021-11"),)
    ),
    PersonRow("lucie_marcoux", "Lucie", "Marcoux", (job("mrc_appalaches", ELECTED, "Préfète", "2021-11"),)),
    PersonRow(
        "denis_croteau",
        "Denis",
        "Croteau",
        (job("mun_st_fortunat", ELECTED, "Conseiller municipal", "2017-11", "2021-11"),),
    ),
    PersonRow(
        "rachel_gilbert",
        "Rachel",
        "Gilbert",
        (job("mun_st_fortunat", ELECTED, "Conseillère municipale, responsable des familles et des aînés", "2021-11"),),
    ),
    PersonRow("yvon_bolduc", "Yvon", "Bolduc", (job("club_st_fortunat", "other", "Président bénévole", "2015"),)),
    PersonRow(
        "pierre_luc_bilodeau",
        "Pierre-Luc",
        "Bilodeau",
        (job("mun_adstock", ELECTED, "Conseiller municipal, responsable des aînés", "2021-11"),),
    ),
    PersonRow("raymond_lehoux", "Raymond", "Lehoux", (job("mun_wolfestown", ELECTED, "Maire", "2017-11"),)),
    citizen("gaetan_roy", "Gaétan", "Roy"),
    citizen("sonia_rodrigue", "Sonia", "Rodrigue"),
    citizen("marcel_fecteau", "Marcel", "Fecteau"),
    citizen("monique_rousseau", "Monique", "Rousseau"),
    citizen("kevin_bisson", "Kevin", "Bisson"),
    citizen("therese_nadeau", "Thérèse", "Nadeau"),
    # MRC des Etchemins
    PersonRow(
        "stephane_rancourt",
        "Stéphane",
        "Rancourt",
        (job("mrc_etchemins", DEV, "Agent de développement social", "2010", "2017-03"),),
    ),
    PersonRow(
        "marie_eve_blais",
        "Marie-Ève",
        "Blais",
        (job("mrc_etchemins", DEV, "Agente de développement social", "2017-05", "2023-05-07"),),
    ),
    PersonRow("genevieve_plante", "Geneviève", "Plante", (job("cisss_ca", CO, "Organisatrice communautaire", "2012"),)),
    PersonRow("annie_lachance", "Annie", "Lachance", (job("maison_etchemins", ED, "Directrice générale", "2011"),)),
    PersonRow("claude_lapointe", "Claude", "Lapointe", (job("transport_etchemins", COORD, "Coordonnateur", "2018"),)),
    PersonRow("johanne_patry", "Johanne", "Patry", (job("mun_ste_sabine", ELECTED, "Mairesse", "2017-11", "2021-11"),)),
    PersonRow("real_boulet", "Réal", "Boulet", (job("mun_ste_sabine", ELECTED, "Maire", "2021-11"),)),
    citizen("nicole_breton", "Nicole", "Breton"),
    citizen("ghislaine_lacroix", "Ghislaine", "Lacroix"),
    citizen("mathis_pomerleau", "Mathis", "Pomerleau"),
    # Mauricie
    PersonRow("nancy_gelinas", "Nancy", "Gélinas", (job("pole_es_mauricie", ED, "Directrice générale", "2012"),)),
    PersonRow(
        "julie_bellemare",
        "Julie",
        "Bellemare",
        (job("pole_es_mauricie", COORD, "Agente de liaison", "2016-01", "2021-06"),),
    ),
    PersonRow(
        "maxime_trottier", "Maxime", "Trottier", (job("pole_es_mauricie", COORD, "Agent de liaison", "2021-09"),)
    ),
    PersonRow(
        "yannick_lamy", "Yannick", "Lamy", (job("ville_tr", DEV, "Commissaire au développement économique", "2018"),)
    ),
    PersonRow(
        "guy_rivard", "Guy", "Rivard", (job("mrc_mekinac", DEV, "Agent de développement rural", "2012", "2019-02"),)
    ),
    PersonRow(
        "caroline_massicotte",
        "Caroline",
        "Massicotte",
        (job("mrc_mekinac", DEV, "Agente de développement rural", "2019-03"),),
    ),
    PersonRow(
        "patricia_desilets",
        "Patricia",
        "Désilets",
        (job("ciusss_mcq", "other", "Agente de planification", "2014"),),
    ),
    PersonRow("mylene_paquin", "Mylène", "Paquin", (job("ciusss_mcq", CO, "Organisatrice communautaire", "2016"),)),
    PersonRow("benoit_st_onge", "Benoît", "St-Onge", (job("ressourcerie_tr", ED, "Directeur général", "2015"),)),
    PersonRow("audrey_bourassa", "Audrey", "Bourassa", (job("grenier_coop", ED, "Directrice générale", "2017"),)),
    PersonRow("samuel_trudel", "Samuel", "Trudel", (job("ateliers_mekinac", ED, "Directeur général", "2019"),)),
    PersonRow("isabelle_marchand", "Isabelle", "Marchand", (job("cafe_st_tite", COORD, "Coordonnatrice", "2020"),)),
    PersonRow(
        "pierre_gauthier",
        "Pierre",
        "Gauthier",
        (job("ville_shawinigan", SDA, "Conseiller en développement social", "2005", "2019-03"),),
    ),
    PersonRow(
        "karine_lefebvre",
        "Karine",
        "Lefebvre",
        (job("ville_shawinigan", SDA, "Conseillère en développement social", "2019-04"),),
    ),
    citizen("denis_arseneault", "Denis", "Arseneault"),
]


# Concertations ------------------------------------------------------------------------------------

LIVED = "lived_experience"
CITIZEN = "citizen"
ELECTED_SEAT = "elected"

BEAUPORT_CONCERTATIONS: list[ConcertationRow] = [
    ConcertationRow(
        "tdlb",
        "Table de développement local de Beauport",
        "table",
        "local",
        (BEAUPORT,),
        ("developpement-des-communautes", "developpement-social", "pauvrete-exclusion", "participation-citoyenne"),
        (
            seat(
                "Coordination de la Table",
                held("annie_berube", "cdc_beauport", "2017-03", "2019-06", "left_organization", role="coordinator"),
                held("mathieu_paradis", "cdc_beauport", "2019-09", "2021-12", "left_organization", role="coordinator"),
                held("judith_fortin", "cdc_beauport", "2022-03-14", role="coordinator"),
            ),
            seat("CDC de Beauport", held("olivier_gingras", "cdc_beauport", "2017-03")),
            seat(
                "CIUSSS de la Capitale-Nationale — organisation communautaire",
                held("chantal_bouchard", "ciusss_cn", "2017-03", "2018-08", "left_organization"),
                held("karine_morissette", "ciusss_cn", "2018-10"),
                held("isabelle_thibodeau", "ciusss_cn", "2020-11-01", replaces=True),
                reserved_sector="health",
            ),
            seat(
                "Ville de Québec — développement social",
                held("marc_andre_poulin", "ville_quebec", "2017-03", "2019-06", "left_organization"),
                held("annie_berube", "ville_quebec", "2019-09"),
                held("nadia_cloutier", "ville_quebec", "2023-06-01", replaces=True),
                reserved_sector="municipal",
            ),
            seat(
                "Présidence de l'arrondissement",
                held("rejean_pelletier", "ville_quebec", "2017-03", "2021-11", "mandate_over"),
                held("sophie_lachapelle", "ville_quebec", "2021-11"),
                seat_type=ELECTED_SEAT,
            ),
            seat("Le Pivotal", held("veronique_dion", "pivotal", "2017")),
            seat("Beauport d'Attache — petite enfance", held("melanie_fournier", "beauport_attache", "2018-09")),
            seat(
                "Carrefour jeunesse-emploi",
                held("isabelle_thibodeau", "cje_beauport", "2017-03", "2020-10", "left_organization"),
                held("simon_lavoie", "cje_beauport", "2021-01"),
            ),
            seat("Représentation de la Table des aînés", held("ginette_lemieux", "popote_beauport", "2019")),
            seat("Siège citoyen", held("luc_bernier", start="2022-09"), seat_type=CITIZEN),
            seat(
                "Siège citoyen — personne en situation de pauvreté",
                held("francine_roussel", start="2019-04", end="2024-12", reason="resigned"),
                seat_type=LIVED,
                created_on="2019-01-01",
            ),
        ),
        acronym="TDLB",
        mission="Rassembler les professionnels du développement des communautés de Beauport et les représentants "
        "des tables du territoire pour mieux se connaître, éviter les dédoublements de services et agir ensemble.",
        coordinator="cdc_beauport",
        funders=("chagnon", "centraide"),
        start="2017-03",
        frequency="monthly",
    ),
    ConcertationRow(
        "tdlb_coordination",
        "Comité de coordination de la Table de développement local de Beauport",
        "committee",
        "local",
        (BEAUPORT,),
        ("developpement-des-communautes",),
        (
            seat(
                "Coordination",
                held("annie_berube", "cdc_beauport", "2018-02", "2019-06", "left_organization", role="coordinator"),
                held("mathieu_paradis", "cdc_beauport", "2019-09", "2021-12", "left_organization", role="coordinator"),
                held("judith_fortin", "cdc_beauport", "2022-03-14", role="coordinator"),
            ),
            seat("CDC de Beauport", held("olivier_gingras", "cdc_beauport", "2018-02")),
            seat(
                "CIUSSS de la Capitale-Nationale",
                held("karine_morissette", "ciusss_cn", "2018-10", "2020-10", "left_organization"),
                held("isabelle_thibodeau", "ciusss_cn", "2020-11"),
            ),
        ),
        mission="Prépare les rencontres de la Table et suit les engagements des partenaires.",
        parent="tdlb",
        coordinator="cdc_beauport",
        start="2018-02",
        frequency="monthly",
        is_public=False,
    ),
    ConcertationRow(
        "famille_beauport",
        "Table de concertation famille et petite enfance de Beauport",
        "table",
        "local",
        (BEAUPORT,),
        ("famille", "petite-enfance"),
        (
            seat(
                "Coordination",
                held("caroline_pepin", "beauport_attache", "2012", "2018-06", "left_organization", role="coordinator"),
                held("melanie_fournier", "beauport_attache", "2018-09", role="coordinator"),
            ),
            seat(
                "CIUSSS de la Capitale-Nationale",
                held("karine_morissette", "ciusss_cn", "2016"),
                held("isabelle_thibodeau", "ciusss_cn", "2021-01", replaces=True),
                reserved_sector="health",
            ),
            seat(
                "Centre de services scolaire des Premières-Seigneuries",
                held("patrick_boucher", "css_ps", "2019", "2023-06", "left_organization"),
                held("kim_nguyen", "css_ps", "2023-09"),
                reserved_sector="education",
            ),
            seat("Services de garde éducatifs", held("julie_ouellet", "cpe_goelands", "2014")),
            seat("Maison des familles", held("stephanie_caron", "maison_familles", "2015")),
            seat("Siège parent", held("emilie_landry", start="2023-02"), seat_type=CITIZEN),
        ),
        coordinator="beauport_attache",
        funders=("chagnon",),
        start="2012",
        frequency="bimonthly",
    ),
    ConcertationRow(
        "aines_beauport",
        "Table de concertation des aînés de Beauport",
        "table",
        "local",
        (BEAUPORT,),
        ("aines-mada", "proches-aidants"),
        (
            seat("Coordination", held("ginette_lemieux", "popote_beauport", "2016", role="coordinator")),
            seat(
                "CIUSSS de la Capitale-Nationale",
                held("chantal_bouchard", "ciusss_cn", "2010", "2018-08", "left_organization"),
                held("isabelle_thibodeau", "ciusss_cn", "2020-11"),
            ),
            seat("Club des aînés de Giffard", held(organization="club_giffard", start="2010")),
            seat("Ville de Québec", held("nadia_cloutier", "ville_quebec", "2021-05")),
            seat("Proches aidants", held("lise_vachon", "proches_aidants", "2021")),
            seat("Siège citoyen aîné", held("roger_gosselin", start="2019-10"), seat_type=CITIZEN),
        ),
        coordinator="popote_beauport",
        start="2009",
        frequency="quarterly",
    ),
    ConcertationRow(
        "securite_alimentaire_beauport",
        "Comité de sécurité alimentaire de Beauport",
        "committee",
        "local",
        (BEAUPORT,),
        ("securite-alimentaire", "pauvrete-exclusion"),
        (
            seat(
                "Coordination — Le Garde-Manger de Beauport",
                held("helene_bergeron", "garde_manger", "2014", "2017-06", "resigned", role="coordinator"),
                held("jf_hamel", "garde_manger", "2017-09", "2021-03", "left_organization", role="coordinator"),
                held("amelie_rioux", "garde_manger", "2021-06", role="coordinator"),
            ),
            seat("Cuisines collectives", held("nathalie_giroux", "cuisines_giffard", "2016")),
            seat(
                "CIUSSS de la Capitale-Nationale",
                held("chantal_bouchard", "ciusss_cn", "2014", "2018-08", "left_organization"),
                held("karine_morissette", "ciusss_cn", "2018-10"),
                held("isabelle_thibodeau", "ciusss_cn", "2020-11-01", replaces=True),
            ),
            seat("Épicerie solidaire", held("maxime_drouin", "epicerie_chute", "2020")),
            seat(
                "Siège citoyen — personne en situation de pauvreté",
                seat_type=LIVED,
                created_on="2022-01-01",
            ),
        ),
        mission="Coordonner le dépannage, les cuisines collectives et l'accès aux aliments dans Beauport.",
        coordinator="cdc_beauport",
        funders=("centraide",),
        start="2014",
        frequency="bimonthly",
    ),
    ConcertationRow(
        "autonomie_alimentaire_beauport",
        "Regroupement pour l'autonomie alimentaire de Beauport",
        "committee",
        "local",
        (BEAUPORT,),
        ("securite-alimentaire", "agriculture-alimentation"),
        (
            seat("Coordination", held("maxime_drouin", "epicerie_chute", "2022-04", role="coordinator")),
            seat("CIUSSS de la Capitale-Nationale", held("isabelle_thibodeau", "ciusss_cn", "2022-04")),
            seat("Jardins partagés", held("gabriel_sirois", "jardins_beauport", "2022-04")),
            seat("Le Pivotal", held("veronique_dion", "pivotal", "2022-06")),
            seat("Siège citoyen", held("martine_lacasse", start="2023-09"), seat_type=CITIZEN),
        ),
        mission="Développer l'accès à une alimentation saine, locale et abordable à Beauport.",
        coordinator="epicerie_chute",
        start="2022-04",
        frequency="monthly",
    ),
    ConcertationRow(
        "jeunesse_beauport",
        "Table jeunesse de Beauport",
        "table",
        "local",
        (BEAUPORT,),
        ("jeunesse", "perseverance-scolaire", "employabilite"),
        (
            seat(
                "Coordination — Carrefour jeunesse-emploi",
                held("isabelle_thibodeau", "cje_beauport", "2016", "2020-10", "left_organization", role="coordinator"),
                held("simon_lavoie", "cje_beauport", "2020-11", role="coordinator"),
            ),
            seat(
                "Centre de services scolaire des Premières-Seigneuries",
                held("daniel_morin", "css_ps", "2015", "2017-06", "mandate_over"),
                held("sarah_beaulieu", "css_ps", "2017-09", "2019-06", "left_organization"),
                held("patrick_boucher", "css_ps", "2019-10", "2023-06", "left_organization"),
                held("kim_nguyen", "css_ps", "2023-09"),
                reserved_sector="education",
            ),
            seat(
                "CIUSSS de la Capitale-Nationale",
                held("chantal_bouchard", "ciusss_cn", "2015", "2018-08", "left_organization"),
                held("karine_morissette", "ciusss_cn", "2018-10"),
                held("isabelle_thibodeau", "ciusss_cn", "2021-01", replaces=True),
            ),
            seat("Maison des jeunes", held("alexis_poirier", "mdj_escale", "2018")),
            seat(
                "Siège jeune citoyen",
                held("lea_martel", start="2022-09", end="2024-06", reason="mandate_over"),
                seat_type=CITIZEN,
            ),
        ),
        coordinator="cje_beauport",
        start="2011",
        frequency="bimonthly",
    ),
    ConcertationRow(
        "chantier_giffard",
        "Chantier de revitalisation du secteur Giffard",
        "chantier",
        "local",
        (BEAUPORT,),
        ("developpement-des-communautes", "logement", "patrimoine"),
        (
            seat(
                "CDC de Beauport",
                held("olivier_gingras", "cdc_beauport", "2016-03", "2019-12", "concertation_ended", role="coordinator"),
            ),
            seat(
                "Ville de Québec",
                held("marc_andre_poulin", "ville_quebec", "2016-03", "2019-06", "left_organization"),
            ),
            seat(
                "Office municipal d'habitation de Québec",
                held(organization="omhq", start="2016-03", end="2019-12", reason="concertation_ended"),
            ),
            seat(
                "Siège citoyen",
                held("denise_paquet", start="2016-05", end="2019-12", reason="concertation_ended"),
                seat_type=CITIZEN,
            ),
        ),
        mission="Trois ans pour revitaliser le secteur Giffard : logement, commerces de proximité et vie de quartier.",
        coordinator="cdc_beauport",
        start="2016-03",
        end="2019-12",
        frequency="monthly",
    ),
]


@dataclass(frozen=True)
class DemarcheRow:
    """A local démarche of the Réseau, in the shape they all share."""

    key: str
    name: str
    short_name: str
    level: str
    territory: str
    themes: tuple[str, ...]
    start: str
    fiduciary: str
    coordinators: tuple[HoldingRow, ...]
    organiser: str
    municipal: str
    citizens: tuple[HoldingRow, ...] = ()


DEMARCHES: list[DemarcheRow] = [
    DemarcheRow(
        "dc_portneuf",
        "Démarche en développement des communautés de Portneuf",
        "Portneuf",
        "supralocal",
        "mrc:34",
        ("vitalite-rurale", "transport-collectif"),
        "2015-09",
        "fid_portneuf",
        (held("marie_josee_genest", "fid_portneuf", "2015-09", role="coordinator"),),
        "nathalie_hardy",
        "mrc_portneuf",
        (held("paul_begin", start="2018"),),
    ),
    DemarcheRow(
        "dc_jacques_cartier",
        "Démarche Agir ensemble La Jacques-Cartier",
        "La Jacques-Cartier",
        "supralocal",
        "mrc:22",
        ("saines-habitudes-de-vie", "famille"),
        "2017",
        "fid_jc",
        (held("frederic_auclair", "fid_jc", "2017", role="coordinator"),),
        "nathalie_hardy",
        "mrc_jc",
    ),
    DemarcheRow(
        "dc_cote_beaupre",
        "Démarche de développement des communautés de La Côte-de-Beaupré",
        "La Côte-de-Beaupré",
        "supralocal",
        "mrc:21",
        ("logement", "transport-collectif"),
        "2016",
        "fid_cdb",
        (
            held("louis_gravel", "fid_cdb", "2016", "2020-03", "left_organization", role="coordinator"),
            held("valerie_cantin", "fid_cdb", "2020-06", role="coordinator"),
        ),
        "bruno_gagnon",
        "mrc_cdb",
        (held("ariane_fleury", start="2021-03"),),
    ),
    DemarcheRow(
        "dc_ile_orleans",
        "Démarche Vivre l'Île ensemble",
        "L'Île-d'Orléans",
        "supralocal",
        "mrc:20",
        ("aines-mada", "agriculture-alimentation"),
        "2018-05",
        "fid_io",
        (held("hugo_plamondon", "fid_io", "2018-05", role="coordinator"),),
        "bruno_gagnon",
        "mrc_io",
        (held("benoit_ferland", start="2019", end="2024-10", reason="resigned"),),
    ),
    DemarcheRow(
        "dc_charlevoix",
        "Démarche Charlevoix solidaire",
        "Charlevoix",
        "supralocal",
        "mrc:16",
        ("pauvrete-exclusion", "logement"),
        "2015",
        "fid_charlevoix",
        (
            held("nicolas_simard", "fid_charlevoix", "2015", "2018", "mandate_over", role="coordinator"),
            held("elise_harvey", "fid_charlevoix", "2019", role="coordinator"),
        ),
        "bruno_gagnon",
        "mrc_charlevoix",
        (held("jocelyne_asselin", start="2020-09"),),
    ),
    DemarcheRow(
        "dc_charlevoix_est",
        "Démarche de développement social de Charlevoix-Est",
        "Charlevoix-Est",
        "supralocal",
        "mrc:15",
        ("developpement-social", "employabilite"),
        "2016-02",
        "fid_charlevoix_est",
        (held("joelle_girard", "fid_charlevoix_est", "2016-02", role="coordinator"),),
        "bruno_gagnon",
        "mrc_charlevoix_est",
    ),
    DemarcheRow(
        "dc_limoilou",
        "Démarche de quartier Limoilou en action",
        "Limoilou",
        "local",
        "borough:REQ01",
        ("logement", "securite-alimentaire", "immigration"),
        "2015-06",
        "fid_limoilou",
        (
            held("anne_marie_larouche", "fid_limoilou", "2015-06", "2017-08", "left_organization", role="coordinator"),
            held("kevin_duchesne", "fid_limoilou", "2017-10", "2022-05", "left_organization", role="coordinator"),
            held("samuel_picard", "fid_limoilou", "2022-08", role="coordinator"),
        ),
        "marie_claude_drolet",
        "ville_quebec",
        (held("mamadou_diallo", start="2019-02"),),
    ),
    DemarcheRow(
        "dc_vanier",
        "Démarche de revitalisation de Vanier",
        "Vanier",
        "local",
        "borough:REQ02",
        ("logement", "pauvrete-exclusion"),
        "2016",
        "fid_vanier",
        (held("fatima_benali", "fid_vanier", "2016", role="coordinator"),),
        "marie_claude_drolet",
        "ville_quebec",
        (held("rosalie_gendron", start="2022-01"),),
    ),
    DemarcheRow(
        "dc_charlesbourg",
        "Démarche Charlesbourg en commun",
        "Charlesbourg",
        "local",
        "borough:REQ04",
        ("aines-mada", "transport-collectif"),
        "2019-03",
        "fid_charlesbourg",
        (held("laurence_boivin", "fid_charlesbourg", "2019-03", role="coordinator"),),
        "marie_claude_drolet",
        "ville_quebec",
    ),
    DemarcheRow(
        "dc_haute_st_charles",
        "Démarche de la Haute-Saint-Charles",
        "Haute-Saint-Charles",
        "local",
        "borough:REQ06",
        ("famille", "loisir"),
        "2020",
        "fid_hsc",
        (held("dominique_bedard", "fid_hsc", "2020", role="coordinator"),),
        "jerome_dufour",
        "ville_quebec",
        (held("thierry_labrecque", start="2021-05"),),
    ),
    DemarcheRow(
        "dc_sfscr",
        "Démarche Sainte-Foy–Sillery–Cap-Rouge solidaire",
        "Sainte-Foy–Sillery–Cap-Rouge",
        "local",
        "borough:REQ03",
        ("immigration", "logement"),
        "2021-09",
        "fid_sfscr",
        (held("jonathan_leclerc", "fid_sfscr", "2021-09", role="coordinator"),),
        "jerome_dufour",
        "ville_quebec",
    ),
    DemarcheRow(
        "dc_st_raymond",
        "Démarche de développement des communautés de Saint-Raymond",
        "Saint-Raymond",
        "local",
        "municipality:34128",
        ("vitalite-rurale", "jeunesse"),
        "2017-04",
        "fid_st_raymond",
        (held("sylvie_moisan", "fid_st_raymond", "2017-04", role="coordinator"),),
        "nathalie_hardy",
        "ville_st_raymond",
        (held("guylaine_pare", start="2017-09"),),
    ),
    DemarcheRow(
        "dc_sbl",
        "Démarche citoyenne de Sainte-Brigitte-de-Laval",
        "Sainte-Brigitte-de-Laval",
        "local",
        "municipality:22045",
        ("participation-citoyenne", "loisir"),
        "2024-02",
        "fid_sbl",
        (held("melissa_vezina", "fid_sbl", "2024-02", role="coordinator"),),
        "jerome_dufour",
        "ville_sbl",
    ),
]

# The year each organiser began following the démarches of their territory.
_ORGANISER_SINCE = {
    "nathalie_hardy": "2015",
    "bruno_gagnon": "2015",
    "marie_claude_drolet": "2015",
    "jerome_dufour": "2019-04",
}


def _later(first: str, second: str) -> str:
    """The later of two partial dates written as text (`2019` sorts before `2019-04`)."""
    return max(first, second)


def _demarche(row: DemarcheRow) -> ConcertationRow:
    return ConcertationRow(
        row.key,
        row.name,
        "demarche",
        row.level,
        (row.territory,),
        ("developpement-des-communautes", *row.themes),
        (
            seat("Coordination", *row.coordinators),
            seat(
                "CIUSSS de la Capitale-Nationale — organisation communautaire",
                held(row.organiser, "ciusss_cn", _later(row.start, _ORGANISER_SINCE[row.organiser])),
                reserved_sector="health",
            ),
            seat("Milieu municipal", held(organization=row.municipal, start=row.start), reserved_sector="municipal"),
            seat("Siège citoyen", *row.citizens, seat_type=CITIZEN),
        ),
        parent="reseau_dc",
        coordinator=row.fiduciary,
        start=row.start,
        frequency="monthly",
    )


RESEAU = ConcertationRow(
    "reseau_dc",
    "Réseau de développement des communautés de la Capitale-Nationale",
    "network",
    "regional",
    ("region:03",),
    ("developpement-des-communautes", "participation-citoyenne", "developpement-social"),
    (
        seat(
            "Coordination du Réseau",
            held("philippe_savard", "rdc_cn", "2015", "2018-10", "left_organization", role="coordinator"),
            held("catherine_belanger", "rdc_cn", "2019-01", role="coordinator"),
        ),
        seat(
            "CIUSSS de la Capitale-Nationale — santé publique",
            held("sebastien_lapierre", "ciusss_cn", "2017"),
            is_voting=False,
            seat_type="observer",
        ),
        *(seat(f"Délégation — {row.short_name}", *row.coordinators) for row in DEMARCHES),
    ),
    acronym="RDC-CN",
    mission="Treize démarches intersectorielles en développement des communautés s'entraident, font du "
    "codéveloppement, parlent d'une même voix et se représentent dans les instances régionales.",
    coordinator="rdc_cn",
    funders=("centraide",),
    start="2015",
    frequency="quarterly",
)

CHAUDIERE_APPALACHES_CONCERTATIONS: list[ConcertationRow] = [
    ConcertationRow(
        "tdc_appalaches",
        "Table de développement des communautés des Appalaches",
        "table",
        "supralocal",
        ("mrc:31",),
        ("developpement-des-communautes", "vitalite-rurale", "amenagement", "pauvrete-exclusion"),
        (
            seat(
                "MRC — développement territorial",
                held("helene_grondin", "mrc_appalaches", "2016-09", role="coordinator"),
            ),
            seat("MRC — aménagement du territoire", held("vincent_labbe", "mrc_appalaches", "2018-03")),
            seat(
                "CISSS de Chaudière-Appalaches — organisation communautaire",
                held("manon_veilleux", "cisss_ca", "2016-09", "2019-05", "left_organization"),
                held("josee_turcotte", "cisss_ca", "2019-08"),
                held("eric_nolet", "cisss_ca", "2023-04-03", replaces=True),
                reserved_sector="health",
            ),
            seat("CISSS — saines habitudes de vie", held("audrey_mathieu", "cisss_ca", "2019")),
            seat("Ville de Thetford Mines", held("luc_grenier", "ville_thetford", "2017")),
            seat("Centre de services scolaire des Appalaches", held(organization="css_appalaches", start="2016-09")),
            seat("Milieu communautaire", held("diane_lessard", "roca", "2016-09")),
            seat(
                "Préfecture",
                held("jacques_giguere", "mrc_appalaches", "2016-09", "2021-11", "mandate_over"),
                held("lucie_marcoux", "mrc_appalaches", "2021-11"),
                seat_type=ELECTED_SEAT,
            ),
            seat(
                "Personne en situation de précarité (1)",
                held("gaetan_roy", start="2019-11"),
                seat_type=LIVED,
                created_on="2019-09-01",
            ),
            seat(
                "Personne en situation de précarité (2)",
                held("sonia_rodrigue", start="2019-11", end="2025-03", reason="resigned"),
                seat_type=LIVED,
                created_on="2019-09-01",
            ),
            seat(
                "Personne en situation de précarité (3)",
                held("marcel_fecteau", start="2021"),
                seat_type=LIVED,
                created_on="2019-09-01",
            ),
        ),
        mission="Planification stratégique territoriale et sous-territoriale avec les élus, les organisations et "
        "des citoyens, à partir des cartes des aménagistes.",
        coordinator="mrc_appalaches",
        funders=("centraide",),
        start="2016-09",
        frequency="bimonthly",
    ),
    ConcertationRow(
        "famille_st_fortunat",
        "Comité famille et aînés de Saint-Fortunat",
        "committee",
        "local",
        ("municipality:31030",),
        ("famille", "aines-mada"),
        (
            seat(
                "Conseil municipal",
                held("denis_croteau", "mun_st_fortunat", "2019-05", "2021-11", "mandate_over", role="chair"),
                held("rachel_gilbert", "mun_st_fortunat", "2021-11", role="chair"),
                seat_type=ELECTED_SEAT,
            ),
            seat("Club de l'âge d'or", held("yvon_bolduc", "club_st_fortunat", "2019-05")),
            seat("Citoyenne ou citoyen aîné", held("monique_rousseau", start="2019-05"), seat_type=CITIZEN),
            seat(
                "Parent",
                held("kevin_bisson", start="2019-05", end="2024-08", reason="resigned"),
                seat_type=CITIZEN,
            ),
        ),
        mission="Suivre la politique familiale et MADA de la municipalité.",
        coordinator="mun_st_fortunat",
        start="2019-05",
        frequency="quarterly",
    ),
    ConcertationRow(
        "mada_adstock",
        "Comité MADA d'Adstock",
        "committee",
        "local",
        ("municipality:31056",),
        ("aines-mada",),
        (
            seat("Conseil municipal", held("pierre_luc_bilodeau", "mun_adstock", "2021-11", role="chair")),
            seat("Accompagnement de la MRC", held("helene_grondin", "mrc_appalaches", "2018")),
            seat(
                "CISSS de Chaudière-Appalaches",
                held("manon_veilleux", "cisss_ca", "2018", "2019-05", "left_organization"),
                held("josee_turcotte", "cisss_ca", "2019-09", "2023-03", "left_organization"),
                held("eric_nolet", "cisss_ca", "2023-04"),
            ),
            seat("Citoyenne ou citoyen aîné", held("therese_nadeau", start="2018"), seat_type=CITIZEN),
        ),
        coordinator="mun_adstock",
        start="2018",
        frequency="quarterly",
    ),
    ConcertationRow(
        "revitalisation_sud_appalaches",
        "Comité de revitalisation du secteur sud des Appalaches",
        "committee",
        "supralocal",
        ("municipality:31035", "municipality:31025"),
        ("vitalite-rurale", "developpement-des-communautes"),
        (
            seat("MRC des Appalaches", held("helene_grondin", "mrc_appalaches", "2020-02", role="coordinator")),
            seat("Municipalité de Saint-Julien", held(organization="mun_st_julien", start="2020-02")),
            seat("Wolfestown", held("raymond_lehoux", "mun_wolfestown", "2020-02"), seat_type=ELECTED_SEAT),
            seat(
                "CISSS de Chaudière-Appalaches",
                held("josee_turcotte", "cisss_ca", "2020-02", "2023-03", "left_organization"),
                held("eric_nolet", "cisss_ca", "2023-06"),
            ),
            seat("Milieu communautaire", held("diane_lessard", "roca", "2020-02")),
        ),
        mission="Asseoir ensemble les élus et les organisations pour aider des communautés dévitalisées à se "
        "redynamiser.",
        coordinator="mrc_appalaches",
        start="2020-02",
        frequency="bimonthly",
    ),
    ConcertationRow(
        "tds_etchemins",
        "Table de développement social des Etchemins",
        "table",
        "supralocal",
        ("mrc:28",),
        ("developpement-social", "pauvrete-exclusion", "transport-collectif"),
        (
            seat(
                "MRC des Etchemins — développement social",
                held("stephane_rancourt", "mrc_etchemins", "2013", "2017-03", "left_organization", role="coordinator"),
                held("marie_eve_blais", "mrc_etchemins", "2017-05", role="coordinator"),
                held("josee_turcotte", "mrc_etchemins", "2023-05-08", role="coordinator", replaces=True),
            ),
            seat("CISSS de Chaudière-Appalaches", held("genevieve_plante", "cisss_ca", "2015")),
            seat("Maison de la famille", held("annie_lachance", "maison_etchemins", "2016")),
            seat("Centre de services scolaire", held(organization="css_beauce_etchemin", start="2013")),
            seat("Transport collectif", held("claude_lapointe", "transport_etchemins", "2019")),
            seat(
                "Personne en situation de pauvreté",
                held("nicole_breton", start="2020-03"),
                seat_type=LIVED,
                created_on="2020-01-01",
            ),
        ),
        coordinator="mrc_etchemins",
        start="2013",
        frequency="bimonthly",
    ),
    ConcertationRow(
        "famille_ste_sabine",
        "Comité famille-MADA de Sainte-Sabine",
        "committee",
        "local",
        ("municipality:28065",),
        ("famille", "aines-mada"),
        (
            seat(
                "Mairie",
                held("johanne_patry", "mun_ste_sabine", "2021-04", "2021-11", "mandate_over", role="chair"),
                held("real_boulet", "mun_ste_sabine", "2021-11", role="chair"),
                seat_type=ELECTED_SEAT,
            ),
            seat("Citoyenne ou citoyen aîné", held("ghislaine_lacroix", start="2021-04"), seat_type=CITIZEN),
            seat("Parent", held("mathis_pomerleau", start="2022-06"), seat_type=CITIZEN),
        ),
        coordinator="mun_ste_sabine",
        start="2021-04",
        frequency="as_needed",
    ),
]

MAURICIE_CONCERTATIONS: list[ConcertationRow] = [
    ConcertationRow(
        "tres_mauricie",
        "Table régionale de concertation en économie sociale de la Mauricie",
        "table",
        "regional",
        ("region:04",),
        ("economie-sociale", "developpement-economique"),
        (
            seat("Pôle d'économie sociale", held("nancy_gelinas", "pole_es_mauricie", "2016-06", role="coordinator")),
            seat(
                "Pôle — liaison avec les territoires",
                held("julie_bellemare", "pole_es_mauricie", "2016-06", "2021-06", "left_organization"),
                held("maxime_trottier", "pole_es_mauricie", "2021-09"),
            ),
            seat("Ville de Trois-Rivières", held("yannick_lamy", "ville_tr", "2018")),
            seat("Ville de Shawinigan", held(organization="ville_shawinigan", start="2016-06")),
            seat(
                "MRC de Mékinac",
                held("guy_rivard", "mrc_mekinac", "2016-06", "2019-02", "left_organization"),
                held("caroline_massicotte", "mrc_mekinac", "2019-03"),
            ),
            seat(
                "CIUSSS MCQ",
                held("patricia_desilets", "ciusss_mcq", "2016-06"),
                seat_type="observer",
                is_voting=False,
            ),
            seat("Entreprise — récupération", held("benoit_st_onge", "ressourcerie_tr", "2017")),
            seat("Entreprise — alimentation", held("audrey_bourassa", "grenier_coop", "2018")),
            seat("Entreprise — insertion", held("samuel_trudel", "ateliers_mekinac", "2020")),
        ),
        mission="Faire connaître l'économie sociale, soutenir son émergence et relier les entreprises collectives "
        "aux concertations locales.",
        coordinator="pole_es_mauricie",
        start="2016-06",
        frequency="quarterly",
    ),
    ConcertationRow(
        "tds_shawinigan",
        "Table de développement social de Shawinigan",
        "table",
        "local",
        ("municipality:36033",),
        ("developpement-social", "pauvrete-exclusion", "securite-alimentaire"),
        (
            seat(
                "Ville de Shawinigan",
                held("pierre_gauthier", "ville_shawinigan", "2012", "2019-03", "left_organization", role="coordinator"),
                held("karine_lefebvre", "ville_shawinigan", "2019-04", role="coordinator"),
            ),
            seat("Économie sociale", held("audrey_bourassa", "grenier_coop", "2019")),
            seat("CIUSSS MCQ", held("mylene_paquin", "ciusss_mcq", "2017")),
            seat("Services à domicile", held(organization="coop_domicile", start="2015")),
            seat(
                "Personne en situation de pauvreté",
                held("denis_arseneault", start="2024-02"),
                seat_type=LIVED,
                created_on="2023-01-01",
            ),
        ),
        coordinator="ville_shawinigan",
        start="2012",
        frequency="bimonthly",
    ),
    ConcertationRow(
        "dc_mekinac",
        "Comité de développement des communautés de Mékinac",
        "committee",
        "supralocal",
        ("mrc:35",),
        ("vitalite-rurale", "economie-sociale", "developpement-des-communautes"),
        (
            seat(
                "MRC de Mékinac",
                held("guy_rivard", "mrc_mekinac", "2018-01", "2019-02", "left_organization", role="coordinator"),
                held("caroline_massicotte", "mrc_mekinac", "2019-03", role="coordinator"),
            ),
            seat("Entreprise d'insertion", held("samuel_trudel", "ateliers_mekinac", "2020")),
            seat("Café-coop", held("isabelle_marchand", "cafe_st_tite", "2021")),
            seat("CIUSSS MCQ", held("mylene_paquin", "ciusss_mcq", "2018")),
            seat("Siège citoyen", seat_type=CITIZEN, created_on="2023-01-01"),
        ),
        coordinator="mrc_mekinac",
        start="2018-01",
        frequency="bimonthly",
    ),
]

# Parents come before their children.
CONCERTATIONS: list[ConcertationRow] = [
    *BEAUPORT_CONCERTATIONS,
    RESEAU,
    *(_demarche(row) for row in DEMARCHES),
    *CHAUDIERE_APPALACHES_CONCERTATIONS,
    *MAURICIE_CONCERTATIONS,
]


# Accounts -----------------------------------------------------------------------------------------

ACCOUNTS: list[AccountRow] = [
    AccountRow(f"admin@{DEMO_EMAIL_DOMAIN}", "Administration", "Arrimage", "administrator"),
    AccountRow(
        f"editeur.appalaches@{DEMO_EMAIL_DOMAIN}",
        "Hélène",
        "Grondin",
        "territorial_editor",
        territory="mrc:31",
        person="helene_grondin",
    ),
    AccountRow(
        f"coordination.beauport@{DEMO_EMAIL_DOMAIN}",
        "Judith",
        "Fortin-Lapointe",
        "coordinator",
        concertation="tdlb",
        person="judith_fortin",
    ),
    AccountRow(f"membre@{DEMO_EMAIL_DOMAIN}", "Véronique", "Dion", "member", person="veronique_dion"),
]


# Plans and policies -------------------------------------------------------------------------------
#
# - The politique familiale et MADA of Sainte-Sabine (about 370 people, MRC des Etchemins): drafted with a
#   CISSS community organiser who left after its adoption; nobody has accompanied its implementation since,
#   and its last progress update is old.
# - The plan d'action concerté of the Table de développement local de Beauport: objectives, actions under
#   shared leadership, partners' contributions and regular progress updates, accompanied by the CIUSSS.
# - The politique des familles et des aînés of Adstock (MRC des Appalaches), just adopted and accompanied
#   by the MRC.


@dataclass(frozen=True)
class ProgressRow:
    on: str  # YYYY-MM-DD
    percent: int
    text: str


@dataclass(frozen=True)
class ContributionRow:
    organization: str
    kind: str
    committed: str = ""  # dollars, or hours for staff time
    delivered: str = ""
    committed_on: str = ""
    delivered_on: str = ""


@dataclass(frozen=True)
class PlanActionRow:
    title: str
    co_leaders: tuple[str, ...]
    partners: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    dimensions: tuple[str, ...] = ()
    change_level: str = ""
    start: str = ""
    end: str = ""
    status: str = "planned"
    progress: tuple[ProgressRow, ...] = ()
    contributions: tuple[ContributionRow, ...] = ()
    weight: str = "1"


@dataclass(frozen=True)
class ObjectiveRow:
    title: str
    actions: tuple[PlanActionRow, ...]
    weight: str = "1"


@dataclass(frozen=True)
class AccompanimentRow:
    organization: str
    stage: str
    start: str
    end: str = ""
    person: str = ""


@dataclass(frozen=True)
class PlanRow:
    key: str
    name: str
    kind: str
    stages: tuple[tuple[str, str], ...]  # (stage, YYYY-MM-DD), in order
    owner_territory: str = ""
    owner_concertation: str = ""
    territories: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    description: str = ""
    start: str = ""
    end: str = ""
    resolution: str = ""
    documents: tuple[tuple[str, str], ...] = ()  # (title, address)
    accompaniments: tuple[AccompanimentRow, ...] = ()
    objectives: tuple[ObjectiveRow, ...] = ()


PLANS: list[PlanRow] = [
    PlanRow(
        "mada_ste_sabine",
        "Politique familiale et des aînés (MADA) de Sainte-Sabine",
        "mada",
        (("drafting", "2021-04-12"), ("adopted", "2022-11-07"), ("implementation", "2023-01-16")),
        owner_territory="municipality:28065",
        owner_concertation="famille_ste_sabine",
        territories=("municipality:28065",),
        themes=("aines-mada", "famille", "vitalite-rurale"),
        description="Une politique pour que les familles et les aînés puissent bien vivre à Sainte-Sabine.",
        start="2023-01-01",
        end="2027-12-31",
        resolution="2022-11-142",
        documents=(("Politique familiale et des aînés 2023-2027", "https://www.exemple.demo/ste-sabine/mada.pdf"),),
        accompaniments=(AccompanimentRow("cisss_ca", "drafting", "2021-04-12", "2022-11-07", person="josee_turcotte"),),
        objectives=(
            ObjectiveRow(
                "Permettre aux aînés de rester dans leur milieu",
                (
                    PlanActionRow(
                        "Offrir la popote roulante deux fois par semaine",
                        ("mun_ste_sabine", "transport_etchemins"),
                        themes=("aines-mada", "securite-alimentaire"),
                        dimensions=("social",),
                        change_level="conditions",
                        start="2023-03-01",
                        status="in_progress",
                        progress=(ProgressRow("2023-06-20", 25, "Premiers repas livrés par des bénévoles."),),
                        contributions=(ContributionRow("transport_etchemins", "in_kind", "1500", "", "2023-03-01"),),
                    ),
                ),
            ),
            ObjectiveRow(
                "Offrir des lieux de rencontre aux familles et aux aînés",
                (
                    PlanActionRow(
                        "Aménager un parc intergénérationnel près de l'église",
                        ("mun_ste_sabine",),
                        partners=("maison_etchemins",),
                        themes=("famille", "aines-mada", "amenagement"),
                        dimensions=("social", "environmental"),
                        change_level="environments",
                        start="2024-05-01",
                        end="2025-10-31",
                    ),
                ),
            ),
        ),
    ),
    PlanRow(
        "pac_beauport",
        "Plan d'action concerté de Beauport 2024-2027",
        "concerted_action",
        (("drafting", "2023-02-01"), ("adopted", "2023-11-20"), ("implementation", "2024-01-15")),
        owner_concertation="tdlb",
        territories=(BEAUPORT,),
        themes=("securite-alimentaire", "famille", "jeunesse", "pauvrete-exclusion"),
        description="Les priorités que les partenaires de la Table de développement local de Beauport se sont "
        "données ensemble pour 2024 à 2027.",
        start="2024-01-01",
        end="2027-12-31",
        resolution="TDLB-2023-11-04",
        documents=(
            ("Plan d'action concerté 2024-2027", "https://www.exemple.demo/tdlb/plan-action-2024-2027.pdf"),
            ("Portrait de Beauport 2023", "https://www.exemple.demo/tdlb/portrait-2023.pdf"),
        ),
        accompaniments=(
            AccompanimentRow("cdc_beauport", "drafting", "2023-02-01", "2023-11-20"),
            AccompanimentRow("ciusss_cn", "implementation", "2024-01-15", person="nathalie_hardy"),
        ),
        objectives=(
            ObjectiveRow(
                "Améliorer l'accès à une alimentation saine et abordable",
                (
                    PlanActionRow(
                        "Épicerie solidaire mobile dans le Vieux-Giffard",
                        ("epicerie_chute", "garde_manger"),
                        partners=("cuisines_giffard", "jardins_beauport"),
                        themes=("securite-alimentaire", "economie-sociale"),
                        dimensions=("social", "economic"),
                        change_level="conditions",
                        start="2024-03-01",
                        end="2026-12-31",
                        status="in_progress",
                        weight="2",
                        progress=(
                            ProgressRow(
                                "2024-06-15", 30, "Le camion est acheté; les arrêts sont choisis avec les résidents."
                            ),
                            ProgressRow("2025-05-20", 60, "Quatre arrêts par semaine; 180 ménages servis."),
                            ProgressRow("2026-03-10", 75, "Un cinquième arrêt près des HLM."),
                        ),
                        contributions=(
                            ContributionRow("centraide", "money", "25000", "20000", "2024-02-01", "2025-02-01"),
                            ContributionRow("ciusss_cn", "staff_hours", "200", "150", "2024-02-01"),
                            ContributionRow("ville_quebec", "premises", "6000", "6000", "2024-03-01", "2024-03-01"),
                        ),
                    ),
                    PlanActionRow(
                        "Carte des jardins partagés et du glanage",
                        ("jardins_beauport", "cdc_beauport"),
                        themes=("agriculture-alimentation", "transition-socioecologique"),
                        dimensions=("environmental", "social"),
                        change_level="environments",
                        start="2024-04-01",
                        end="2025-09-30",
                        status="done",
                        progress=(
                            ProgressRow("2024-10-01", 50, "Douze jardins recensés."),
                            ProgressRow("2025-09-15", 100, "La carte est en ligne et distribuée."),
                        ),
                        contributions=(ContributionRow("cdc_beauport", "expertise", "60", "60"),),
                    ),
                ),
                weight="2",
            ),
            ObjectiveRow(
                "Soutenir les familles et les jeunes",
                (
                    PlanActionRow(
                        "Halte-garderie communautaire les samedis",
                        ("maison_familles", "cpe_goelands"),
                        themes=("famille", "petite-enfance"),
                        dimensions=("social",),
                        change_level="conditions",
                        start="2025-01-01",
                        status="in_progress",
                        progress=(ProgressRow("2025-10-01", 40, "Local trouvé; deux éducatrices recrutées."),),
                        contributions=(ContributionRow("arr_beauport", "premises", "", "4000", "", "2025-09-01"),),
                    ),
                    PlanActionRow(
                        "Demander un tarif réduit de transport en commun pour les jeunes",
                        ("cdc_beauport", "mdj_escale"),
                        partners=("cje_beauport",),
                        themes=("jeunesse", "transport-collectif"),
                        dimensions=("social", "economic"),
                        change_level="policies",
                        start="2026-01-01",
                    ),
                ),
            ),
        ),
    ),
    PlanRow(
        "politique_familles_adstock",
        "Politique des familles et des aînés d'Adstock",
        "family",
        (("drafting", "2024-09-23"), ("adopted", "2026-04-13"), ("implementation", "2026-05-04")),
        owner_territory="municipality:31056",
        territories=("municipality:31056",),
        themes=("famille", "aines-mada", "loisir"),
        start="2026-01-01",
        end="2030-12-31",
        resolution="2026-04-089",
        accompaniments=(AccompanimentRow("mrc_appalaches", "implementation", "2026-05-01"),),
    ),
]
