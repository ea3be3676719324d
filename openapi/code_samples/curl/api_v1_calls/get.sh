curl --fail-with-body --get \
  --user "$ELEMENTE_USERNAME:$ELEMENTE_PASSWORD" \
  --data-urlencode 'status=completed' \
  --data-urlencode 'channel=call' \
  --data-urlencode 'dateRange[from]=2025-03-01' \
  --data-urlencode 'dateRange[to]=2025-03-31' \
  https://api.elemente.ai/api/v1/calls
