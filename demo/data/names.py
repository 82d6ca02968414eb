"""Word pools for demo names and titles; combined, they give tens of thousands of distinct names."""

# fmt: off
FIRST_NAMES = (
    "Ada", "Adrian", "Aisha", "Alba", "Alex", "Alma", "Amara", "Ana", "André", "Anika",
    "Arjun", "Astrid", "Bea", "Ben", "Bianca", "Boris", "Bruno", "Carla", "Carmen", "Cecil",
    "Chen", "Chiara", "Clara", "Colm", "Dalia", "Daniel", "Dara", "David", "Delphine", "Dev",
    "Diego", "Dora", "Edith", "Elena", "Eli", "Elif", "Emil", "Emma", "Enzo", "Erik", "Esther",
    "Eva", "Farah", "Felix", "Fern", "Finn", "Flora", "Frida", "Gabriel", "Greta", "Hana",
    "Hannah", "Hugo", "Ida", "Imogen", "Ines", "Iris", "Isaac", "Ivan", "Jade", "Jamal",
    "Jana", "Jonas", "Josef", "Julia", "Kai", "Karin", "Kenji", "Kofi", "Lars", "Laura", "Lea",
    "Leila", "Leo", "Lina", "Lorenzo", "Lucia", "Luis", "Maja", "Malik", "Marco", "Marta",
    "Mateo", "Maya", "Mei", "Milan", "Mira", "Nadia", "Nico", "Nina", "Noah", "Nora", "Olga",
    "Omar", "Oscar", "Paula", "Pedro", "Petra", "Priya", "Rafael", "Rania", "Rosa", "Ruth",
    "Sami", "Sara", "Selma", "Simon", "Sofia", "Sven", "Tara", "Theo", "Tomás", "Uma", "Vera",
    "Victor", "Wanda", "Yara", "Yusuf", "Zara", "Zoe",
)
LAST_NAMES = (
    "Abbott", "Adeyemi", "Alvarez", "Andersen", "Arslan", "Baker", "Balogun", "Bauer",
    "Becker", "Bianchi", "Brandt", "Brennan", "Byrne", "Carvalho", "Castillo", "Chandra",
    "Costa", "Dahl", "Demir", "Dubois", "Duarte", "Eriksson", "Esposito", "Farouk", "Fischer",
    "Fontaine", "Garcia", "Gallagher", "Greco", "Haas", "Hansen", "Hartmann", "Horvat",
    "Ibrahim", "Ivanova", "Jansen", "Jensen", "Kaur", "Keller", "Khan", "Kim", "Klein",
    "Kowalski", "Kruger", "Laine", "Larsen", "Lee", "Lehmann", "Lindqvist", "Lopez", "Lund",
    "Mahmoud", "Marin", "Martens", "Meyer", "Moreau", "Morgan", "Nakamura", "Navarro",
    "Nguyen", "Nielsen", "Novak", "Nowak", "Okafor", "Olsen", "Ortiz", "Park", "Pereira",
    "Petrov", "Quinn", "Rahman", "Reyes", "Ricci", "Rossi", "Sato", "Schmidt", "Schulz",
    "Silva", "Singh", "Sousa", "Stein", "Suzuki", "Svensson", "Tan", "Tanaka", "Torres",
    "Varga", "Vidal", "Vogel", "Wagner", "Walsh", "Weber", "Wong", "Yilmaz", "Young", "Zhang",
)
TITLE_ADJECTIVES = (
    "Silent", "Last", "Hidden", "Golden", "Broken", "Distant", "Quiet", "Burning", "Frozen",
    "Lost", "Crimson", "Hollow", "Endless", "Secret", "Bright", "Wild", "Little", "Long",
    "Velvet", "Paper", "Glass", "Salt", "Northern", "Southern", "Midnight", "Summer",
)
TITLE_NOUNS = (
    "Harbour", "Garden", "River", "Lighthouse", "Orchard", "Station", "Kingdom", "Letter",
    "Mirror", "Winter", "Island", "Road", "Season", "Promise", "Horizon", "Shadow", "Song",
    "City", "Forest", "Bridge", "Machine", "Voyage", "Echo", "Archive", "Carnival", "Tide",
    "Signal", "Compass", "Frontier", "Ballad", "Heist", "Witness", "Comet", "Border",
)
TITLE_PATTERNS = (
    "The {adjective} {noun}", "{adjective} {noun}", "A {noun} in {place}",
    "The {noun} of {place}", "{noun}s", "After the {noun}", "{place} {noun}",
)
PLACES = (
    "Lisbon", "Oslo", "Tangier", "Kyoto", "Naples", "Marseille", "Reykjavik", "Lagos",
    "Valparaíso", "Tbilisi", "Havana", "Trieste", "Galway", "Busan", "Montréal", "Dakar",
)
COUNTRIES = (
    "United Kingdom", "France", "United States", "Italy", "Japan", "South Korea", "Germany",
    "Spain", "Nigeria", "Brazil", "Denmark", "India", "Mexico", "Ireland", "Iran",
)
LANGUAGES = (
    "English", "French", "Italian", "Japanese", "Korean", "German", "Spanish", "Portuguese",
    "Danish", "Hindi", "Persian", "Yoruba",
)
DISTRIBUTORS = (
    "Northlight Pictures", "Harbour Films", "Blue Door Releasing", "Parallax", "Cinestar",
    "Meridian Distribution", "Lanternfish", "Open Road House",
)
JOB_TITLES = (
    "Cinematographer", "Editor", "Production designer", "Costume designer",
)
GENRES = (
    "drama", "comedy", "thriller", "romance", "documentary", "horror", "science fiction",
    "animation", "crime", "musical", "war", "western", "fantasy", "mystery", "family",
)
KEYWORDS = (
    "coming of age", "road movie", "period piece", "based on a novel", "debut feature",
    "true story", "ensemble cast", "small town", "heist", "revenge", "friendship",
    "immigration", "sea", "winter", "music", "sport", "politics", "family secrets",
    "first love", "grief", "survival", "art world", "journalism", "cooking",
)
PUBLICATION_WORDS = (
    "Courier", "Review", "Chronicle", "Gazette", "Observer", "Herald", "Screen", "Reel",
    "Projector", "Standard", "Post", "Dispatch", "Weekly", "Monthly", "Quarterly", "Times",
)
PUBLICATION_PREFIXES = (
    "Northern", "City", "Evening", "Morning", "Western", "Harbour", "National", "Valley",
    "Metro", "Coastal", "Independent", "Daily", "Sunday", "Picture", "Film", "Cinema",
)
# fmt: on
