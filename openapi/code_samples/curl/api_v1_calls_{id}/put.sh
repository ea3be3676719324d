curl --fail-with-body \
  --request PUT \
  --user "$ELEMENTE_USERNAME:$ELEMENTE_PASSWORD" \
  --header 'Content-Type: application/json' \
  --data '{"status": "completed", "note": "This call needs a follow-up."}' \
  https://api.elemente.ai/api/v1/calls/123e4567-e89b-12d3-a456-426614174000
