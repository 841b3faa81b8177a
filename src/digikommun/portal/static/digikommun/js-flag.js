// Runs before the page is drawn: marks that JavaScript runs, so conditional fields that are
// hidden start hidden (without JavaScript every field shows, with a sentence saying when to
// answer it).
document.documentElement.className += " js";
