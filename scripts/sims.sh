# Sourced by scripts/run.sh and scripts/e2e-server.sh: starts the stand-ins for the services the
# server meets outside (never in production; each refuses NODE_ENV/MOTCUA_ENV=production) for a
# server about to listen on 127.0.0.1:$port, and sets `sim_flags` to what that server is started with.
# Each leaves when the server, its parent after the caller's exec, does.
#  - The payment provider SIMULATOR (sims/pay.js) on port + 100, the server its merchant.
#  - The test e-ID provider (sims/eid.js, the certified oidc-provider with made-up people) on
#    port + 200, the server its client.
# Keys and secrets are made afresh for each run and reach the server through its environment, not
# its command line. `late_seconds` is how late the payment simulator's "late" notification comes.
start_sims() {
  local port=$1 late_seconds=${2:-5}
  local pay_port=$((port + 100)) eid_port=$((port + 200))
  export MOTCUA_PAYMENT_SECRET MOTCUA_OIDC_CLIENT_SECRET
  MOTCUA_PAYMENT_SECRET=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
  MOTCUA_OIDC_CLIENT_SECRET=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
  node sims/pay.js --port "$pay_port" --late-seconds "$late_seconds" \
    --merchant "MOTCUA01:$MOTCUA_PAYMENT_SECRET:http://127.0.0.1:$port/api/v1/payments/vnpay/ipn" &
  node sims/eid.js --port "$eid_port" --client-id motcua --client-secret "$MOTCUA_OIDC_CLIENT_SECRET" \
    --redirect-uri "http://127.0.0.1:$port/api/v1/auth/eid/callback" >/dev/null &
  local p
  for p in "$pay_port" "$eid_port"; do
    for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null && break; sleep 0.1; done
  done
  sim_flags=(--payment-url "http://127.0.0.1:$pay_port/paymentv2/vpcpay.html"
    --payment-api-url "http://127.0.0.1:$pay_port/merchant_webapi/api/transaction"
    --payment-merchant MOTCUA01
    --oidc-issuer "http://127.0.0.1:$eid_port" --oidc-client-id motcua
    --site-url "http://127.0.0.1:$port")
}
