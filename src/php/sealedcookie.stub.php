<?php

/** @generate-class-entries */

/**
 * What reading this request's data cookie found: "none" (no cookie), "valid",
 * "resealed" (opened with an older key; this response re-seals it with the
 * primary key), "expired" or "invalid".
 */
function sealedcookie_status(): string {}

/** A fresh random key in the syntax sealedcookie.keys and key_file accept. */
function sealedcookie_generate_key(string $label = ""): string {}

/** Largest encoded session (bytes) that still fits sealedcookie.max_size. */
function sealedcookie_max_session_size(): int {}
