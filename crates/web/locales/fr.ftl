skip-to-content = Aller au contenu
nav-label = Principale
nav-home = Accueil
nav-clients = Clients
nav-contracts = Contrats
nav-events = Événements
inbox-unread = { $count ->
    [0] aucune notification non lue
    [one] 1 notification non lue
   *[other] { $count } notifications non lues
}
logout = Se déconnecter
language-label = Langue
language-change = Changer
department-sales = Commercial
department-support = Support
department-management = Gestion
login-title = Connexion
login-submit = Se connecter
login-refused = E-mail ou mot de passe incorrect.
problem-denied = Action non autorisée
problem-not-found = Introuvable
problem-invalid = Impossible de faire cela
problem-other = Un problème est survenu
problem-home = Retour à l'accueil
home-title = Ce qui vous attend
home-my-events = Mes prochains événements
home-unassigned = Prochains événements sans support
home-my-clients = Mes clients
home-unsigned = Contrats non signés
home-unpaid = Contrats restant dus
home-see-all = Tout voir
list-search = Rechercher
list-filter = Afficher seulement
list-apply = Appliquer
list-next = Page suivante
list-empty = Rien à afficher.
list-count = { $count ->
    [one] 1 fiche
   *[other] { $count } fiches
}
list-more-than = Plus de { $count } fiches
filter-mine = Les miens
filter-archived = Archivés
filter-unassigned = Sans support
filter-upcoming = À venir
filter-unsigned = Non signés
filter-unpaid = Pas entièrement payés
field-name = Nom
field-email = E-mail
field-password = Mot de passe
field-phone = Téléphone
field-company = Entreprise
field-sales-contact = Commercial
field-client = Client
field-contract = Contrat
field-total = Montant total
field-due = Reste dû
field-status = Statut
field-event = Événement
field-starts = Début
field-ends = Fin
field-location = Lieu
field-attendees = Participants
field-notes = Notes
field-support = Support
value-none = Aucun
value-unknown = Pas encore connu
value-signed = Signé
value-unsigned = Non signé
value-no-support = Pas encore de support
