"""Turn a fresh `wagtail start` project into a site unlike the starter: settings written
the older way (a string BASE_DIR from os.path, wagtail.contrib.settings and its context
processor already installed), a dark base template with its own navigation and no head
block, and a test of its own. Usage: refuge.py SITE_DIR PROJECT_NAME"""

import re
import shutil
import sys
from pathlib import Path

site, project = Path(sys.argv[1]), sys.argv[2]
overlay = Path(__file__).parent / "refuge"
base = site / project / "settings" / "base.py"
text = base.read_text()
for old, new in [
    ("from pathlib import Path\n", "import os\n"),
    (
        "PROJECT_DIR = Path(__file__).resolve().parent.parent\nBASE_DIR = PROJECT_DIR.parent\n",
        "PROJECT_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))\n"
        "BASE_DIR = os.path.dirname(PROJECT_DIR)\n",
    ),
    ('    "wagtail.contrib.forms",\n', '    "wagtail.contrib.forms",\n    "wagtail.contrib.settings",\n'),
    (
        '                "django.contrib.messages.context_processors.messages",\n',
        '                "django.contrib.messages.context_processors.messages",\n'
        '                "wagtail.contrib.settings.context_processors.settings",\n',
    ),
]:
    assert old in text, f"the starter's settings changed: {old!r}"
    text = text.replace(old, new, 1)
# What a string BASE_DIR makes of every path the starter joins with "/".
text = re.sub(r'\b(PROJECT_DIR|BASE_DIR) / ("[^"]+")', r"os.path.join(\1, \2)", text)
base.write_text(text)
assert not re.search(r'\b(PROJECT_DIR|BASE_DIR) / "', text)
shutil.copy(overlay / "templates" / "base.html", site / project / "templates" / "base.html")
shutil.copy(overlay / "home" / "test_navigation.py", site / "home" / "test_navigation.py")
print(f"== {project}: string BASE_DIR, settings app present, dark base without a head block, its own test")
