# Files generated from the code, refreshed in dependency order; review `git diff` after.
# The tests fail when any of them is stale (test_fresh, test_static_help, test_report_cli,
# test_examples, test_docs), so run this after an intended change to help, reports or the README.
PYTHON ?= python

.PHONY: regen
regen:
	$(PYTHON) -m coachcli.store.fresh
	$(PYTHON) -m coachcli.cli.helpgen
	COACH_UPDATE_GOLDEN=1 $(PYTHON) -m pytest -q -n 0 -p no:cacheprovider tests/test_report_cli.py -k golden
	$(PYTHON) examples/regenerate.py
	$(PYTHON) -m cogapp -r README.md
