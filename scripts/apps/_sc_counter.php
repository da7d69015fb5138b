<?php
// A small app for scripts/test-apps.sh: counts this visitor's requests in its session;
// ?pad=N also keeps N bytes in the session and sends a 1 KB header of its own.
session_start();
$_SESSION['n'] = ($_SESSION['n'] ?? 0) + 1;
if (isset($_GET['pad'])) {
    $_SESSION['pad'] = str_repeat('p', (int) $_GET['pad']);
    header('X-Pad: ' . str_repeat('h', 1000));
}
echo $_SESSION['n'], "\n";
