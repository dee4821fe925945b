// The demo blog's "sign in" button: its server minted a token for its member; hand it over.
document.addEventListener("click", function (event) {
  var button = event.target.closest("#sign-in");
  if (button && window.Rejoinder) window.Rejoinder.login(button.dataset.token);
});
