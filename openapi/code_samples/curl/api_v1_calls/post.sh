curl --fail-with-body \
  --request POST \
  --user "$ELEMENTE_USERNAME:$ELEMENTE_PASSWORD" \
  --header 'Content-Type: application/json' \
  --data '{
    "agentId": "3f2b8c1e-7a4d-4e5f-9b6a-1c2d3e4f5a6b",
    "channel": "whatsapp",
    "skillId": "0c1d2e3f-4a5b-4c6d-8e7f-8091a2b3c4d5",
    "customerOverride": { "firstName": "Jonas", "phoneNumber": "+4915112345678" }
  }' \
  https://api.elemente.ai/api/v1/calls
