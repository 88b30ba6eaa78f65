#!/usr/bin/python3
# Reads an exposition on stdin with python3-prometheus-client's parsers (a second judge besides
# promtool): argv[1] is "prometheus" (the 0.0.4 text parser) or "openmetrics" (its strict
# OpenMetrics 1.0 parser, which checks # EOF, units, names and escapes). Prints the families as
# JSON; a parse error exits 1 with the parser's message.
import json
import sys

from prometheus_client.openmetrics.parser import text_string_to_metric_families as parse_openmetrics
from prometheus_client.parser import text_string_to_metric_families as parse_prometheus

text = sys.stdin.read()
parse = parse_openmetrics if sys.argv[1] == "openmetrics" else parse_prometheus
try:
    families = [
        {
            "name": f.name,
            "type": f.type,
            "unit": f.unit,
            "help": f.documentation,
            "samples": [{"name": s.name, "labels": s.labels, "value": repr(s.value)} for s in f.samples],
        }
        for f in parse(text)
    ]
except Exception as error:  # the parsers raise ValueError and others
    print(f"{type(error).__name__}: {error}", file=sys.stderr)
    sys.exit(1)
print(json.dumps(families))
