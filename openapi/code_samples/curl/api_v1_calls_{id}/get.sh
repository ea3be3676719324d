curl --fail-with-body \
  --user "$ELEMENTE_USERNAME:$ELEMENTE_PASSWORD" \
  https://api.elemente.ai/api/v1/calls/123e4567-e89b-12d3-a456-426614174000
