mod debian/sealedcookie.ini
