#!/usr/bin/env python3
"""Check FHIR R4 JSON files written by `ipt export` with a real FHIR library.

Usage: validate_fhir.py FILE...

Each file must hold a Questionnaire or a QuestionnaireResponse. The structure (elements,
cardinality, primitive formats, one value[x] per answer, no unknown elements) is checked by
`fhir.resources` 6.4.0, the last release whose default model is FHIR R4 (4.0.1). That library
does not check codes against required bindings, so the R4 value sets that bind our output
(status, item type, enableWhen operator, enableBehavior) are checked here as well.

Needs: pip install "fhir.resources==6.4.0" "pydantic[email]>=1.10,<2"
Prints one line per problem and exits 1 if any file fails, 0 when all pass.
"""

import json
import sys

import fhir.resources
from fhir.resources import construct_fhir_element

# Required bindings in FHIR R4 (4.0.1), from the specification's value sets:
# publication-status, questionnaire-answers-status, item-type,
# questionnaire-enable-operator and questionnaire-enable-behavior.
STATUS = {
    "Questionnaire": {"draft", "active", "retired", "unknown"},
    "QuestionnaireResponse": {"in-progress", "completed", "amended", "entered-in-error", "stopped"},
}
ITEM_TYPES = {
    "group", "display", "boolean", "decimal", "integer", "date", "dateTime", "time", "string",
    "text", "url", "choice", "open-choice", "attachment", "reference", "quantity",
}
OPERATORS = {"exists", "=", "!=", ">", "<", ">=", "<="}
BEHAVIOURS = {"all", "any"}


def binding_problems(resource):
    """Codes in `resource` outside the R4 value sets they are bound to."""
    kind = resource.get("resourceType")
    problems = []
    if resource.get("status") not in STATUS.get(kind, set()):
        problems.append(f"{kind}.status {resource.get('status')!r} is not an R4 code")

    def walk(items, path):
        for n, item in enumerate(items or []):
            here = f"{path}.item[{n}]"
            if kind == "Questionnaire":
                if item.get("type") not in ITEM_TYPES:
                    problems.append(f"{here}.type {item.get('type')!r} is not an R4 item type")
                if "enableBehavior" in item and item["enableBehavior"] not in BEHAVIOURS:
                    problems.append(f"{here}.enableBehavior {item['enableBehavior']!r}")
                for m, when in enumerate(item.get("enableWhen", [])):
                    if when.get("operator") not in OPERATORS:
                        problems.append(f"{here}.enableWhen[{m}].operator {when.get('operator')!r}")
            walk(item.get("item"), here)
            for m, answer in enumerate(item.get("answer", [])):
                walk(answer.get("item"), f"{here}.answer[{m}]")

    walk(resource.get("item"), kind)
    return problems


def main(paths):
    if fhir.resources.__fhir_version__ != "4.0.1":
        print(f"fhir.resources models FHIR {fhir.resources.__fhir_version__}, not R4 4.0.1")
        return 2
    if not paths:
        print(__doc__.strip().splitlines()[2])
        return 2
    failed = 0
    for path in paths:
        try:
            with open(path, encoding="utf-8") as f:
                resource = json.load(f)
            construct_fhir_element(resource["resourceType"], resource)
            problems = binding_problems(resource)
        except Exception as error:  # pydantic's ValidationError, JSON and key errors alike
            problems = [str(error).replace("\n", " | ")]
        for problem in problems:
            print(f"{path}: {problem}")
        failed += bool(problems)
    print(f"{len(paths) - failed} valid, {failed} invalid")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
