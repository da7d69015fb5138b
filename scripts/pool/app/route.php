<?php
// Front of the pool app when the demo page is served (scripts/pool/serve.sh installs it
// as index.php, next to the pool's own app renamed pool.php): /demo is the demo page,
// /t/ the browser tests' app (when installed), everything else the pool app.
$path = (string) parse_url((string) ($_SERVER['REQUEST_URI'] ?? '/'), PHP_URL_PATH);
if ($path === '/favicon.ico') { // browsers ask for it: no session, no cookie
    http_response_code(404);
} elseif ($path === '/' || $path === '/demo' || $path === '/demo/') {
    require __DIR__ . '/demo.php';
} elseif (str_starts_with($path, '/t/') && is_file(__DIR__ . '/browsers.php')) {
    require __DIR__ . '/browsers.php';
} else {
    require __DIR__ . '/pool.php';
}
