#!/bin/sh
echo "hostile_test: not written yet" >&2
exit 77
