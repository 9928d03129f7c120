package metadata

// Template is the commented starting point quire init writes. Its
// required fields are empty, so a build refuses it until the maintainer
// has said what the dataset is and under which licence it may be used:
// quire does not guess either. TestTemplate checks that it parses, that
// it is refused as written, and accepted once they are filled in.
const Template = `# quire.toml: what only you, the maintainer, know about this dataset.
#
# quire build reads this file (beside seeds/) and turns it into the
# release's dataset card (README.md), data/datapackage.json (Frictionless),
# data/croissant.json (Croissant) and the descriptive fields of
# bag-info.txt (BagIt). Its sha256 is recorded in the manifest.
# Every field is checked; see docs/METADATA.md. TOML syntax: "..." is one
# line, """...""" may span lines, # starts a comment.

# Required. The dataset's name for people (the card's title).
title = ""

# Required. What the dataset is: where the documents come from, what
# they are for, what is known to be missing. Markdown.
description = """
"""

# Required. The licence the records are released under, as an SPDX
# identifier exactly as https://spdx.org/licenses/ spells it, such as
# "CC-BY-4.0", "CC0-1.0", "ODC-By-1.0".
license = ""

# ISO 639-1 codes of the documents' languages.
# languages = ["en"]

# Where people learn more about the dataset (an http or https URL).
# homepage = "https://example.org/news-archive"

# How to cite the dataset: BibTeX or plain text.
# citation = """
# @misc{news-archive,
#   title  = {News archive},
#   author = {Example Library},
#   year   = {2025},
# }
# """

# Hugging Face task categories the dataset suits, such as
# "text-generation", "summarization", "text-classification".
# task_categories = ["text-generation"]

# Who collected the documents (bag-info.txt Source-Organization).
[source]
# organization = "Example Library"

# Who answers questions about the dataset (bag-info.txt Contact-Name and
# Contact-Email).
[contact]
# name = "Ada Example"
# email = "ada@example.org"
`
