#!/usr/bin/env bash
# One entry point for people and CI:
#   ./run.sh            set up (venv + pinned requirements), build the database if missing, start the dashboard
#   ./run.sh test       set up, then run the whole test suite
#   ./run.sh publish    set up, then write the static edition to site/ from the database
# Offline, point ESCALATION_SOURCE_DIR at a folder holding the raw files (e.g. ../shared/data).
set -euo pipefail
cd "$(dirname "$0")"

VENV=${VENV:-.venv}
if [ ! -x "$VENV/bin/python" ]; then
    python3 -m venv "$VENV"
fi
# Reinstall only when requirements.txt changed since the last successful install.
STAMP="$VENV/.requirements.sha256"
WANT=$(sha256sum requirements.txt | cut -d' ' -f1)
if [ "$(cat "$STAMP" 2>/dev/null)" != "$WANT" ]; then
    "$VENV/bin/python" -m pip install --quiet --upgrade pip
    "$VENV/bin/python" -m pip install --quiet -r requirements.txt
    echo "$WANT" > "$STAMP"
fi
PY="$VENV/bin/python"
# The interface's translations: dashboard/locales/<lang>/LC_MESSAGES/messages.po compiled to .mo by Babel.
"$VENV/bin/pybabel" -q compile -d dashboard/locales -D messages

COMMAND=dashboard
if [ $# -gt 0 ] && [[ "$1" != -* ]]; then
    COMMAND=$1
    shift
fi
case "$COMMAND" in
    test)
        # The architecture's import contracts (.importlinter; see ARCHITECTURE.md), then the test suite.
        if ! contracts=$(PYTHONPATH=. "$VENV/bin/lint-imports" --no-cache --no-logo 2>&1); then
            echo "$contracts" >&2
            echo "run.sh: lint-imports found imports that break the architecture (see ARCHITECTURE.md)" >&2
            exit 1
        fi
        echo "run.sh: lint-imports: $(echo "$contracts" | tail -n 1)" >&2
        echo "run.sh: python -m pytest $*" >&2
        exec "$PY" -m pytest "$@"
        ;;
    dashboard)
        # A failed first build still starts the app: its page says what is missing and how to fix it.
        "$PY" -m etl refresh --if-missing --quiet --brief || echo "run.sh: the database could not be built; the dashboard will say how to build it" >&2
        exec "$PY" -m streamlit run dashboard/app.py "$@"
        ;;
    publish)
        # The static edition: every chart as a static page, embeds, data files and feeds, in site/ (README,
        # "The static edition"). Options: --db PATH --out DIR --base-url URL --app-url URL.
        # From a fresh clone the database is built first, as for the dashboard (unless --db names another file).
        if [[ " $* " != *" --db"* ]]; then
            "$PY" -m etl refresh --if-missing --quiet --brief || echo "run.sh: the database could not be built" >&2
        fi
        exec "$PY" -m dashboard.publish "$@"
        ;;
    *)
        echo "usage: ./run.sh [dashboard|test|publish] [extra args]" >&2
        exit 2
        ;;
esac
