<?php
// Size probe for scripts/test-apps.sh (copied into each application's document root):
// opens the session named by ?name= with the configured save handler, reports the
// encoded size (what the handler is given) and its raw-deflate level-6 size, and
// discards the session without writing it.
declare(strict_types=1);
header('Content-Type: application/json');
session_name((string) ($_GET['name'] ?? 'PHPSESSID'));
if (!session_start()) {
    echo json_encode(['raw' => -1, 'deflated' => -1]);
    exit;
}
$raw = (string) session_encode();
$keys = array_keys($_SESSION);
session_abort();
echo json_encode(['raw' => strlen($raw), 'deflated' => strlen((string) gzdeflate($raw, 6)), 'keys' => $keys]);
