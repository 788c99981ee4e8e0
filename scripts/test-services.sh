#!/usr/bin/env bash
# Start the services some tests need. Until the store exists there are none.
exit 0
