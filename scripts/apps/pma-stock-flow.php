<?php
// phpMyAdmin with every sealedcookie default behind an nginx with its stock buffers
// (fastcgi_buffer_size 4k), with a second user of a small app on the same pool
// (scripts/test-apps.sh). phpMyAdmin's session after login seals into ~3.5 KB, which
// with its ~1.8 KB of own headers does not fit nginx's 4 KB header buffer.
//   --expect fit    (sealedcookie.response_header_budget at its default): no 5xx at any
//                   step; the write after login is refused (the browser's data cookie
//                   never holds that session; phpMyAdmin's own error handler swallows the
//                   warning, and its cookie auth may still let the user in); a third user
//                   whose session (2.6 KB and a 1 KB header) never fits gets 200s, its writes refused with the
//                   logged warning (checked by test-apps.sh); the other user's every
//                   request answers 200 with its counter intact.
//   --expect 502    (the control, response_header_budget = 0: what happened before the
//                   budget): nginx answers 502 for phpMyAdmin; the other user's failures
//                   are counted and printed, not asserted (they depend on which servers
//                   nginx has marked failed by then).
//   php pma-stock-flow.php --port P --user U --password-file F --expect fit|502 --rounds N
declare(strict_types=1);
require __DIR__ . '/../lib/http.php';

$a = [];
for ($i = 1; $i + 1 < count($argv); $i += 2) {
    $a[ltrim($argv[$i], '-')] = $argv[$i + 1];
}
$port = (int) $a['port'];
$expect = $a['expect'] ?? 'fit';
$rounds = (int) ($a['rounds'] ?? 3);
$user = $a['user'];
$password = trim((string) file_get_contents($a['password-file']));

function report(bool $ok, string $what, string $detail = ''): void
{
    echo $ok ? 'ok   - ' : 'FAIL - ', $what, $ok || $detail === '' ? '' : " ($detail)", "\n";
}

function is_login_form(Response $r): bool
{
    return $r->status === 200 && str_contains($r->body, 'name="pma_username"');
}

$pma = new Browser($port);
$other = new Browser($port, 'other-user');
$big = new Browser($port, 'big-user');
$bigStatuses = [];
$bigCounts = [];
$dataCookie = [];  // phpMyAdmin's data cookie the browser holds, by step
$pmaStatuses = [];
$otherStatuses = [];
$otherWrong = 0;
$counter = 0;
$loggedIn = 0;
$warned = 0;

// The other user: one request to the small app, which counts in its own session.
$otherStep = function () use ($other, &$otherStatuses, &$otherWrong, &$counter): void {
    $r = $other->get('/_sc_counter.php');
    $otherStatuses[] = $r->status;
    if ($r->status === 200) {
        $counter++;
        if (trim($r->body) !== (string) $counter) {
            $otherWrong++;
            $counter = (int) trim($r->body);
        }
    }
};
$pmaRequest = function (Response $r) use (&$pmaStatuses, &$warned): Response {
    $pmaStatuses[] = $r->status;
    $warned += str_contains($r->body, 'response_header_budget') ? 1 : 0;
    return $r;
};

try {
    for ($round = 1; $round <= $rounds; $round++) {
        $otherStep();
        $login = $pmaRequest($pma->get('/index.php'));
        $before = strlen((string) $pma->cookie('phpMyAdmin_SC'));
        $otherStep();
        $form = $login->inputs();
        $fields = array_diff_key($form, ['pma_username' => 1, 'pma_password' => 1, 'lang' => 1]);
        $fields += ['route' => '/', 'server' => '1', 'pma_username' => $user, 'pma_password' => $password];
        $posted = $pmaRequest($pma->post('/index.php?route=/', $fields));
        $otherStep();
        $home = $posted->status >= 301 && $posted->status <= 303
            ? $pmaRequest($pma->get($pma->relative((string) $posted->header('Location'))))
            : $posted;
        $loggedIn += is_login_form($home) ? 0 : 1;
        $dataCookie[] = [$before, strlen((string) $pma->cookie('phpMyAdmin_SC'))];
        $otherStep();
        $r = $big->get('/_sc_counter.php?pad=2600');
        $bigStatuses[] = $r->status;
        $bigCounts[] = (int) trim(strtok($r->body, "\n") ?: '0');
    }
} catch (Throwable $e) {
    report(false, 'flow ran to the end', $e->getMessage());
}

$count5xx = count(array_filter($pmaStatuses, fn (int $s) => $s >= 500));
$otherFailed = count(array_filter($otherStatuses, fn (int $s) => $s !== 200));
$n = count($pmaStatuses);
$m = count($otherStatuses);
if ($expect === 'fit') {
    report($n > 0 && $count5xx === 0, "phpMyAdmin: no 5xx in $n responses (statuses "
        . implode(',', array_unique($pmaStatuses)) . ')');
    // The files-handler reference run: 2547 bytes after login, sealed 3493.
    $largest = max(array_merge([0], ...$dataCookie));
    report($dataCookie !== [] && $largest > 0 && $largest < 2000, "phpMyAdmin: its data cookie never"
        . " held the session after login (largest $largest bytes; sealed it is ~3.5 KB and, with"
        . ' the page\'s own headers, does not fit the response budget: those writes were refused)',
        json_encode($dataCookie));
    echo "     phpMyAdmin logged in anyway (its cookie auth) in $loggedIn of $rounds rounds;"
        . " largest response header block {$pma->maxResponseHeaderBytes} bytes\n";
    report($bigStatuses !== [] && array_unique($bigStatuses) === [200] && max($bigCounts) === 1,
        'a user whose session never fits: ' . count($bigStatuses) . ' requests, all 200,'
        . ' every write refused (its count stays at 1)', json_encode([$bigStatuses, $bigCounts]));
    report($m > 0 && $otherFailed === 0 && $otherWrong === 0,
        "the other user: $m requests, all 200, its counter intact (at $counter)",
        "$otherFailed not 200, $otherWrong wrong counts");
} else {
    report($count5xx > 0, "control (response_header_budget = 0): nginx answered 5xx to phpMyAdmin"
        . " ($count5xx of $n responses)");
    echo "     the other user meanwhile: $otherFailed of $m requests failed\n";
}
echo "     pages that showed the budget warning: $warned\n";
