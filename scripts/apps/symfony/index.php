<?php
// A small Symfony HttpFoundation application for scripts/test-apps.sh, on Debian's
// php-symfony-http-foundation (5.4). Sessions go through NativeSessionStorage with its
// default save handler: SessionHandlerProxy(StrictSessionHandler(\SessionHandler)), so
// PHP's configured save handler (sealedcookie) does the storing.
//   GET  /index.php/login    login form with a CSRF token
//   POST /index.php/login    check token and password, migrate(true), flash, redirect
//   GET  /index.php/         protected: flashes (shown once), notes, note form, logout form
//   POST /index.php/notes    protected + CSRF: add a note, flash, redirect
//   POST /index.php/logout   CSRF: invalidate(), redirect to the login page
declare(strict_types=1);

require_once 'Symfony/Component/HttpFoundation/autoload.php';

use Symfony\Component\HttpFoundation\RedirectResponse;
use Symfony\Component\HttpFoundation\Request;
use Symfony\Component\HttpFoundation\Response;
use Symfony\Component\HttpFoundation\Session\Session;
use Symfony\Component\HttpFoundation\Session\Storage\NativeSessionStorage;

const DEMO_USER = 'alice';
const DEMO_PASSWORD = 'wonderland';

$request = Request::createFromGlobals();
$session = new Session(new NativeSessionStorage());
$request->setSession($session);

function h(string $s): string
{
    return htmlspecialchars($s, ENT_QUOTES);
}

/** The CSRF token of this session for one form, created on first use. */
function csrf_token(Session $session, string $form): string
{
    $key = "_csrf/$form";
    if (!$session->has($key)) {
        $session->set($key, rtrim(strtr(base64_encode(random_bytes(32)), '+/', '-_'), '='));
    }
    return (string) $session->get($key);
}

function csrf_valid(Request $request, Session $session, string $form): bool
{
    $sent = $request->request->get('_token');
    $key = "_csrf/$form";
    return is_string($sent) && $session->has($key) && hash_equals((string) $session->get($key), $sent);
}

function page(string $title, string $body, int $status = 200): Response
{
    return new Response("<!doctype html><title>" . h($title) . "</title><h1>" . h($title) . "</h1>\n$body\n", $status);
}

function refused(string $why): Response
{
    return page('Refused', '<p class="error">' . h($why) . '</p>', 403);
}

function flashes(Session $session): string
{
    $out = '';
    foreach ($session->getFlashBag()->all() as $type => $messages) {
        foreach ($messages as $m) {
            $out .= '<p class="flash-' . h($type) . '">' . h($m) . "</p>\n";
        }
    }
    return $out;
}

$path = $request->getPathInfo();
$method = $request->getMethod();
$user = $session->get('user');

if ($path === '/login' && $method === 'GET') {
    $response = page('Sign in', flashes($session)
        . '<form method="post" action="/index.php/login">'
        . '<input type="hidden" name="_token" value="' . h(csrf_token($session, 'login')) . '">'
        . '<input name="username"><input type="password" name="password"><button>Sign in</button></form>');
} elseif ($path === '/login' && $method === 'POST') {
    if (!csrf_valid($request, $session, 'login')) {
        $response = refused('Invalid CSRF token.');
    } elseif ($request->request->get('username') !== DEMO_USER
        || $request->request->get('password') !== DEMO_PASSWORD) {
        $session->getFlashBag()->add('error', 'Wrong user name or password.');
        $response = new RedirectResponse('/index.php/login');
    } else {
        // a new session id at login (no fixation), the old session destroyed
        $session->migrate(true);
        $session->remove('_csrf/login');
        $session->set('user', DEMO_USER);
        $session->set('notes', []);
        $session->getFlashBag()->add('notice', 'Welcome, ' . DEMO_USER . '!');
        $response = new RedirectResponse('/index.php/');
    }
} elseif (!is_string($user)) {
    $response = new RedirectResponse('/index.php/login');
} elseif ($path === '/' && $method === 'GET') {
    $notes = '';
    foreach ((array) $session->get('notes', []) as $n) {
        $notes .= '<li class="note">' . h((string) $n) . "</li>\n";
    }
    $response = page('Notes', flashes($session)
        . '<p class="user">Signed in as ' . h($user) . "</p>\n<ul>$notes</ul>\n"
        . '<form method="post" action="/index.php/notes">'
        . '<input type="hidden" name="_token" value="' . h(csrf_token($session, 'notes')) . '">'
        . '<input name="note"><button>Add</button></form>'
        . '<form method="post" action="/index.php/logout">'
        . '<input type="hidden" name="_logout_token" value="' . h(csrf_token($session, 'logout')) . '">'
        . '<button>Sign out</button></form>');
} elseif ($path === '/notes' && $method === 'POST') {
    if (!csrf_valid($request, $session, 'notes')) {
        $response = refused('Invalid CSRF token.');
    } else {
        $notes = (array) $session->get('notes', []);
        $notes[] = (string) $request->request->get('note', '');
        $session->set('notes', $notes);
        $session->getFlashBag()->add('notice', 'Note saved.');
        $response = new RedirectResponse('/index.php/');
    }
} elseif ($path === '/logout' && $method === 'POST') {
    $request->request->set('_token', $request->request->get('_logout_token'));
    if (!csrf_valid($request, $session, 'logout')) {
        $response = refused('Invalid CSRF token.');
    } else {
        $session->invalidate();
        $response = new RedirectResponse('/index.php/login');
    }
} else {
    $response = page('Not found', '', 404);
}

// As Symfony's kernel does (AbstractSessionListener::onKernelResponse): save the started
// session before the response headers go out. With APPS_SAVE_BEFORE_SEND=0 the app
// leaves it to PHP, as plain HttpFoundation code often does: send() ends the FastCGI
// request (fastcgi_finish_request) and PHP writes the session at shutdown, after the
// headers are gone.
if ($session->isStarted() && getenv('APPS_SAVE_BEFORE_SEND') !== '0') {
    $session->save();
}
$response->prepare($request);
$response->send();
