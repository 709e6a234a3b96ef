# Dialtone auf Deutsch. Ids and arguments come from en.ftl; see src/i18n/mod.rs.
# Anrede: "du" (as in most chat and call apps), kept consistent throughout.

language-name = Deutsch
# The label of the language picker.
language-label = Sprache

## Client errors, by stable code.

error-signaling-lost = Die Verbindung zum Dialtone-Server ist abgebrochen. Sie wird wiederhergestellt.
error-signaling-lost-in-call = Die Verbindung zum Dialtone-Server ist abgebrochen. Dein Anruf geht weiter; die Verbindung wird wiederhergestellt.
error-audio-stream-failed = Der Live-Audiostream hat sein Ziel nicht erreicht und es aufgegeben. Der Anruf läuft weiter; versuch es erneut, sobald das Ziel wieder erreichbar ist.
error-base-server = Das ist ein einfacher Signalisierungsserver: Anrufe und der Raum-Chat funktionieren, aber er kann keine Nachricht privat halten und gibt keine Namen weiter. Auflegen, Stummschalten und Kamera gehen direkt an die andere Person, sobald ein Anruf verbunden ist.
error-private-chat-unavailable = Dieser Server kann keine Nachricht privat halten: Er zeigt jede Nachricht allen im Raum. Schick sie an alle oder sag es in einem Anruf.
error-chat-offline = Nachrichten können nicht gesendet werden, solange die Verbindung zum Dialtone-Server unterbrochen ist. Dein Text bleibt hier: Schick ihn, sobald die Verbindung wieder steht.
error-chat-too-long = Diese Nachricht ist länger, als eine Nachricht sein darf (2.000 Zeichen). Dein Text bleibt hier: Kürze ihn oder schick ihn in Teilen.
error-chat-recipient-left = Die Person, die du gewählt hast, hat den Raum verlassen; eine private Nachricht erreicht sie nicht. Dein Text bleibt hier: Wähle, an wen er gehen soll, oder warte, bis die Person zurückkommt.
error-screen-capture-failed = Dieser Browser konnte den gewählten Bildschirm, das Fenster oder den Tab nicht aufnehmen. Der Anruf läuft weiter; versuch es noch einmal.
error-recording-notice-undeliverable = Die Aufnahme wurde nicht gestartet: Die andere Person konnte nicht vorher informiert werden (ihre App oder dieser Server kann den Hinweis nicht weitergeben).
error-webrtc-unavailable = Mit diesem Browser kannst du keine Anrufe tätigen oder annehmen: Er unterstützt kein WebRTC. Der Chat funktioniert; für Anrufe öffne diese Seite in einem aktuellen Firefox, Chrome, Edge oder Safari.
error-mic-lost = Dein Mikrofon ist ausgefallen, und kein anderes ließ sich öffnen. Die andere Person hört dich nicht: Schließ eins an oder wähl eins unter Geräte.
error-mic-reopened = Dein Mikrofon ist ausgefallen, deshalb hat der Anruf wieder ein Mikrofon geöffnet. Wenn die andere Person dich nicht hört, wähl eins unter Geräte.
error-camera-lost = Deine Kamera ist ausgefallen, und keine andere ließ sich öffnen. Die andere Person sieht dich nicht: Schließ eine an oder wähl eine unter Geräte.
error-camera-reopened = Deine Kamera ist ausgefallen, deshalb hat der Anruf wieder eine Kamera geöffnet. Wenn dein Bild nicht stimmt, wähl eine unter Geräte.
error-room-full = Dieser Raum ist voll, deshalb bist du noch nicht drin. Die Seite versucht es weiter und tritt dem Raum bei, sobald ein Platz frei wird.

## Why a call ended, by stable code.

end-mic-permission-denied = Dialtone kann dein Mikrofon nicht verwenden: Der Zugriff wurde verweigert. Erlaube dieser Seite den Mikrofonzugriff in deinem Browser und versuch es noch einmal.
end-camera-permission-denied = Dialtone kann deine Kamera nicht verwenden: Der Zugriff wurde verweigert. Erlaube dieser Seite den Kamerazugriff oder starte einen Audioanruf.
end-screen-permission-denied = Die Bildschirmfreigabe wurde nicht erlaubt. Wähle einen Bildschirm, ein Fenster oder einen Tab aus oder erlaube dieser Seite die Bildschirmaufnahme.
end-device-not-found = Es wurde kein Mikrofon und keine Kamera gefunden. Schließ eins an und versuch es noch einmal.
end-device-in-use = Dein Mikrofon oder deine Kamera wird gerade von einer anderen Anwendung verwendet. Schließ sie dort und versuch es noch einmal.
end-device-timeout = Dein Mikrofon oder deine Kamera ist nicht rechtzeitig gestartet.
end-insecure-context = Anrufe brauchen eine sichere Seite: Öffne Dialtone über https:// oder auf localhost.
end-peer-unavailable = Die Person ist nicht mehr online.
end-peer-busy = Die Person ist gerade in einem anderen Anruf.
end-rejected = Der Anruf wurde abgelehnt.
end-no-answer = Keine Antwort.
end-cancelled = Der Anruf wurde abgebrochen, bevor er angenommen wurde.
end-hung-up = Du hast aufgelegt.
end-remote-hung-up = Die andere Person hat aufgelegt.
end-switched = Beendet, um einen anderen Anruf anzunehmen.
end-connection-failed = Der Anruf konnte nicht verbunden werden: Es wurde kein Netzwerkweg zwischen euch gefunden.
end-connection-lost = Die Verbindung ist abgebrochen.
end-bad-sdp = Die Gegenseite hat eine Anrufbeschreibung geschickt, die dieser Browser nicht verwenden kann.
end-protocol-error = Die Gegenseite hat das Anrufprotokoll verletzt.
end-encryption-unsupported = Dieser Browser kann den Anruf nicht wie verlangt verschlüsseln.
end-webrtc-unavailable = Der Browser der anderen Person kann keine Anrufe annehmen: Er unterstützt kein WebRTC. Schick eine Chatnachricht oder bitte die Person, Dialtone in einem anderen Browser zu öffnen.

## A word or two for a call's end in the call history.

ended-mic-permission-denied = Zugriff verweigert
ended-camera-permission-denied = Zugriff verweigert
ended-screen-permission-denied = Zugriff verweigert
ended-device-not-found = Kein Gerät
ended-device-in-use = Gerät belegt
ended-device-timeout = Gerät zu langsam
ended-insecure-context = Unsichere Seite
ended-peer-unavailable = Nicht erreichbar
ended-peer-busy = Besetzt
ended-rejected = Abgelehnt
ended-no-answer = Keine Antwort
ended-cancelled = Abgebrochen
ended-hung-up = Beendet
ended-remote-hung-up = Beendet
ended-switched = Gewechselt
ended-connection-failed = Keine Verbindung
ended-connection-lost = Verbindung verloren
ended-bad-sdp = Fehlgeschlagen
ended-protocol-error = Fehlgeschlagen
ended-encryption-unsupported = Verschlüsselung fehlgeschlagen
ended-webrtc-unavailable = Kann keine Anrufe annehmen

## Devices

devices-title = Geräte
device-microphone = Mikrofon
device-camera = Kamera
device-speaker = Lautsprecher
device-system-default = Systemstandard
device-switching = Wird umgeschaltet …
device-switch-failed = Umschalten auf den gewählten Lautsprecher fehlgeschlagen ({ $code })
devices-apply-hint = Änderungen gelten sofort, auch in einem laufenden Anruf.
mic-check-start = Mikrofon testen
mic-check-stop = Mikrofontest beenden
mic-check-heard = Wir hören dich.
mic-check-say-something = Sag etwas …
mic-check-failed = { $sentence } ({ $code })

## Notices and the call's control link

dismiss = Schließen
control-link-direct = Direkte Verbindung
control-link-direct-title = Auflegen, Stummschalten und Kamera gehen direkt an die andere Person, auch wenn der Server weg ist
control-link-server = Über den Server
control-link-server-title = Auflegen, Stummschalten und Kamera laufen über den Signalisierungsserver

## Willkommen (erster Besuch) und der Gerätetest vor dem Anruf

welcome-title = Willkommen bei Dialtone
welcome-step-name = Schritt 1 von 2
welcome-step-check = Schritt 2 von 2
welcome-name-hint = Wähle den Namen, den andere sehen, wenn du sie anrufst. Du kannst ihn später oben in der Leiste ändern.
welcome-name-label = Dein Name
welcome-continue = Weiter
welcome-skip = Überspringen
welcome-done = Fertig
precall-title = Kamera, Mikrofon und Lautsprecher testen
precall-open = Kamera, Mikrofon und Lautsprecher testen
precall-start = Kamera und Mikrofon testen
precall-stop = Test beenden
precall-camera-label = Deine Kamera
precall-camera-off = Kamera und Mikrofon bleiben aus, bis du den Test startest.
precall-camera-starting = Kamera wird geöffnet …
precall-level-label = Mikrofonpegel
speaker-test-play = Testton abspielen
speaker-test-playing = Wird abgespielt …
speaker-test-again = Noch einmal abspielen
speaker-test-question = Hast du ihn gehört?
speaker-test-yes = Ja
speaker-test-no = Nein
speaker-test-heard = Gut: Anrufe sind dort zu hören.
speaker-test-not-heard = Stell lauter oder wähle einen anderen Lautsprecher und spiel ihn noch einmal ab.
speaker-test-output-failed = Dieser Lautsprecher ließ sich nicht wählen ({ $code }); der Ton kam aus dem Standardlautsprecher.
speaker-test-failed = Dieser Browser konnte den Testton nicht abspielen ({ $code }).
processing-title = Mikrofonklang
processing-noise-suppression = Rauschunterdrückung
processing-echo-cancellation = Echounterdrückung
processing-auto-gain = Automatische Lautstärke
processing-applying = Wird übernommen …
processing-kept-on = Dieses Mikrofon lässt es eingeschaltet.
processing-kept-off = Dieses Mikrofon lässt es ausgeschaltet.
processing-failed = Die Klangverarbeitung des Mikrofons ließ sich nicht ändern: Vielleicht verwendet es eine andere Anwendung.

## People

people-online-title = Wer ist online
people-online-count = { $count ->
        [one] { $count } Person online
       *[other] { $count } Personen online
    }
peer-list-empty-online = Noch ist niemand sonst hier. Öffne diese Seite in einem anderen Browser oder teile ihre Adresse, um einen Anruf zu starten.
peer-list-empty-offline = Du bist offline. Die Liste erscheint wieder, sobald der Server erreichbar ist.
peer-list-empty-room-full = Dieser Raum ist voll, deshalb siehst du noch niemanden. Du trittst dem Raum bei, sobald ein Platz frei wird.
peer-in-a-call = Im Gespräch
# The person this page's call is with (ringing out or talking), beside their name.
peer-with-you = Mit dir
peer-short-id = ID { $id }
call-audio-person = { $name } per Audio anrufen
call-video-person = { $name } per Video anrufen

## The incoming call

incoming-video-call = Videoanruf
incoming-audio-call = Audioanruf
incoming-calling-you = { " · " }ruft dich an
incoming-video-from = Eingehender Videoanruf von { $name }
incoming-audio-from = Eingehender Audioanruf von { $name }
decline = Ablehnen
accept = Annehmen

## The top bar

self-no-id-yet = noch keine ID
link-connecting = Verbinde …
link-online = Online
link-offline-retrying = Offline · neuer Versuch in { NUMBER($seconds) } s
link-room-full-retrying = Raum voll · neuer Versuch in { NUMBER($seconds) } s
link-offline = Offline
link-room-full = Raum voll
link-reconnecting = Verbinde erneut …
telephony-link = Telefonie
name-change-title = Namen ändern
name-change-label = Dein Name: { $name }. Ändern
name-field-label = Dein Name
save = Speichern
theme-to-light = Zum hellen Design wechseln
theme-to-dark = Zum dunklen Design wechseln

## Die Verbindung des Anrufs: Qualitätsanzeige, Details, Wiederverbinden.

quality-good = gut
quality-fair = mittel
quality-poor = schlecht
quality-summary = Verbindung: { $level }, { $rtt }
quality-summary-no-rtt = Verbindung: { $level }
level-yours = Dein Mikrofon: wie laut dich die andere Person hört
level-theirs = Wie laut { $name } ist
quality-measuring = Verbindung: wird gemessen…
quality-details = Verbindungsdetails
quality-round-trip = Umlaufzeit
quality-loss = Paketverlust
quality-jitter = Jitter
quality-sending = Senden
quality-receiving = Empfangen
quality-graph-round-trip = Umlaufzeit, letzte Minute (oben { $top })
quality-graph-receiving = Empfang, letzte Minute (oben { $top })
quality-close = Verbindungsdetails schließen
quality-poor-announcement = Deine Verbindung ist schlecht: Der Anruf kann aussetzen.
reconnecting-to = Verbindung zu { $name } wird wiederhergestellt…
reconnecting-detail = Die Verbindung ist abgebrochen. Der Anruf geht von selbst weiter, sobald sie wieder steht.
call-state-reconnecting = Wird neu verbunden…

## Chat

chat-title = Chat
chat-empty = Noch keine Nachrichten. Sag Hallo in die Runde.
chat-you = Du
chat-to-private = an { $name } · privat
chat-private = privat
chat-send-to = Senden an
chat-everyone = Alle
chat-recipient-left = { $name } (gegangen)
chat-placeholder = Nachricht schreiben
chat-message-label = Nachricht
chat-send = Senden
chat-length = { NUMBER($count) } / { NUMBER($max) }

## Call history

history-title = Letzte Anrufe
history-clear = Leeren
# After Clear: how many calls it took, and the button that brings them back.
history-cleared = { $count ->
    [one] Ein Anruf gelöscht.
   *[other] { $count } Anrufe gelöscht.
}
history-undo = Rückgängig
history-empty = Hier erscheinen die Anrufe, die du tätigst und erhältst.
history-missed = Verpasst
history-their-device = Gerät der anderen Person fehlgeschlagen
history-they-switched = Anderen Anruf angenommen
peer-unnamed = Teilnehmer { $id }
history-outgoing = ausgehend
history-incoming = eingehend
history-video = Video
history-audio = Audio
history-call-again = { $name } erneut anrufen
duration-spoken = { $hours ->
        [0] {""}
        [one] { $hours } Stunde{" "}
       *[other] { $hours } Stunden{" "}
    }{ $minutes ->
        [0] {""}
        [one] { $minutes } Minute{" "}
       *[other] { $minutes } Minuten{" "}
    }{ $seconds ->
        [one] { $seconds } Sekunde
       *[other] { $seconds } Sekunden
    }

## The live audio stream

# A link asked for the live audio stream; $host: where it would go.
stream-offer = Dieser Link möchte den Ton deiner Anrufe (deine Stimme und die der anderen Person) an { $host } senden. Ohne deine Erlaubnis wird nichts gesendet.
stream-offer-allow = Erlauben
stream-status-idle = Livestream aus
stream-status-connecting = Livestream verbindet
stream-status-active = Livestream an
stream-status-reconnecting = Livestream verbindet erneut
stream-status-failed = Livestream fehlgeschlagen
stream-attempt = { " " }(Versuch { NUMBER($attempt) } von { NUMBER($max) })
stream-frames-dropped = { $frames ->
        [one] 1 Frame verworfen ({ $seconds } s Audio)
       *[other] { $frames } Frames verworfen ({ $seconds } s Audio)
    }
retry = Erneut versuchen
stream-start = Stream starten
stream-stop = Stream beenden
stream-settings-title = Live-Audiostream
stream-sink-url = Ziel-URL (ws:// oder wss://; leer: aus)
stream-sink-invalid = Keine ws://- oder wss://-Adresse.
stream-channels = Kanäle
stream-channels-two = Zwei: du (links), die andere Person (rechts)
stream-channels-one = Einer: beide gemischt
stream-settings-hint = Der Ton jedes Anrufs geht als 16-kHz-PCM an diese Adresse (die Anruf-ID wird angehängt). Gilt ab dem nächsten Anruf.

## The side panel's tabs

tab-people = Personen
tab-recent = Verlauf
tab-chat = Chat
tab-devices = Geräte
tabs-label = Personen, letzte Anrufe, Chat und Geräte

## Telephony page (MediaSFU, for operators)

tel-title = Dialtone · Telefonie
# The header on a phone: the mark stands for the product name.
tel-title-short = Telefonie
tel-back = Zurück zu den Anrufen
tel-edit-credentials = Zugangsdaten bearbeiten
tel-live-calls = Laufende Anrufe
tel-no-calls = Keine laufenden Anrufe.
tel-history-label = Telefonieverlauf
tel-history = Verlauf
tel-history-clear = Verlauf leeren
tel-history-filter = Nach Nummer, Raum oder Status filtern
tel-history-empty = Noch keine Anrufe.
tel-col-direction = Richtung
tel-col-from = Von
tel-col-to = An
tel-col-status = Status
tel-col-duration = Dauer
tel-dialer = Wählen
tel-number = Nummer (mit Landesvorwahl)
tel-keypad = Tastenfeld
tel-caller-id = Absenderkennung
tel-no-caller-id = Keine Absenderkennung
tel-agent-capable = { " · " }Agent
tel-room = Raum (leer: der Agent ruft zuerst an)
# The room field's example: MediaSFU room names start with s or p.
tel-room-example = z. B. s1a2b3c4 (ein MediaSFU-Raum)
tel-your-name = Dein Name
tel-room-time = Raumdauer
tel-minutes = { NUMBER($minutes) } Min.
tel-call = Anrufen
tel-to = an
tel-talk-time = Gesprächszeit
tel-room-short = Raum
tel-caller-hears = Anrufer hört
tel-speaking = Spricht
tel-playing = Wiedergabe
tel-playing-prompt = eine Ansage
tel-playing-music = Musik
tel-hears-agent = den Agenten
tel-hears-person = { $name } (eine Person)
tel-someone-in-room = jemand im Raum
tel-hears-nobody = niemanden (der Agent ist gestoppt)
tel-help-requested = Der Agent bittet darum, dass eine Person übernimmt.
tel-call-controls = Anrufsteuerung
tel-reject = Ablehnen
tel-end = Anruf beenden
tel-resume = Fortsetzen
tel-hold = Halten
tel-to-human = An Person
tel-to-agent = An Agent
tel-start-agent = Agent starten
tel-stop-agent = Agent stoppen
tel-play-to-all-on = An alle abspielen: an
tel-play-to-all-off = An alle abspielen: aus
tel-hold-options = Optionen zum Halten
tel-hold-message = Wartenachricht
tel-hold-message-label = Wartenachricht (optional)
tel-pause-recording = { " " }Aufnahme beim Halten pausieren
tel-play-to-caller = Für den Anrufer abspielen
tel-play-source = Text zum Vorlesen oder https://-URL
tel-play-source-label = Text zum Vorlesen oder eine https://-URL zum Abspielen
tel-play = Abspielen
tel-keypad-tones = Tastentöne
tel-call-more = Mehr
tel-settings-label = MediaSFU-Einstellungen
tel-account = MediaSFU-Konto
tel-how = Wie Dialtone MediaSFU erreicht
tel-mode-long-lived = Direkt, dauerhafter Schlüssel
tel-mode-disposable = Direkt, Einmalschlüssel
tel-mode-proxy = Server-Proxy (der Schlüssel bleibt auf dem Server)
tel-username = API-Benutzername
tel-key = API-Schlüssel
tel-key-saved = gespeichert: { $masked }; zum Ersetzen tippen
tel-key-disposable-hint = tempsand… oder tempprod…, 64 Zeichen
tel-key-hint = 64 Buchstaben und Ziffern
tel-base-url = Basis-URL
tel-remember = { " " }Auf diesem Gerät merken
tel-remember-warning = Ein dauerhafter Schlüssel in diesem Browser gibt allen, die ihn benutzen, vollen Zugriff auf das Konto. Nimm lieber einen Einmalschlüssel oder den Server-Proxy.
tel-test = Verbindung testen
tel-sign-out = Abmelden
tel-direction-incoming = Eingehend
tel-direction-outgoing = Ausgehend
tel-phase-dialing = Wählt
tel-phase-ringing = Klingelt
tel-phase-connected = Verbunden
tel-phase-on-hold = Gehalten
tel-phase-ended-completed = Beendet (abgeschlossen)
tel-phase-ended-declined = Beendet (abgelehnt)
tel-phase-ended-busy = Beendet (besetzt)
tel-phase-ended-cancelled = Beendet (abgebrochen)
tel-phase-ended-failed = Beendet (fehlgeschlagen)
tel-phase-not-followed = Nicht verfolgt (abgemeldet)
tel-estimated = { $duration } (geschätzt)
tel-play-to-all = An alle abspielen
tel-progress-queued = { $control }: wartet; MediaSFU nimmt eine Anfrage alle 5 s an.
tel-progress-sent = { $control }: gesendet, warte auf MediaSFU…
tel-progress-accepted = { $control }: angenommen; warte, bis der Anruf es zeigt…
tel-rate-limited-now = MediaSFU hat uns gebremst; du kannst es jetzt wieder versuchen.
tel-rate-limited-in = MediaSFU bremst uns; du kannst es in { NUMBER($seconds) } s wieder versuchen.
tel-poller-off = Nicht angemeldet: Speichere deine MediaSFU-Einstellungen, um Anrufe zu sehen.
tel-poller-idle = Warte auf die erste Aktualisierung…
tel-poller-live = Live: alle { NUMBER($seconds) } s aktualisiert.
tel-poller-retrying = { $error } ({ $code }) Neuer Versuch läuft.
tel-poller-rate-limited = Gebremst, neuer Versuch in { NUMBER($seconds) } s
tel-poller-stale = Veraltet seit { $time } UTC: { $error } ({ $code })
tel-poller-stopped = Angehalten ({ $code }): siehe den Hinweis oben.
tel-placement-creating-room = Raum für den Agentenanruf an { $to } wird angelegt…
tel-placement-placing = Anruf an { $to } wird getätigt (Raum { $room })…
tel-placement-waiting = MediaSFU bremst uns; neuer Versand in { NUMBER($seconds) } s…
tel-placement-finding = Gesendet, aber die Antwort von MediaSFU war unklar; suche den Anruf in Raum { $room }…
tel-placement-dialing-long = Wählt immer noch { $to }: Ausgehende Anrufe sind für dieses Konto vielleicht nicht freigeschaltet.
tel-placement-dialing = Wähle { $to }…
tel-placement-ringing = Es klingelt bei { $to }…
tel-placement-connected = Verbunden mit { $to }.
tel-placement-on-hold = { $to } wird gehalten.
tel-placement-ended = Der Anruf an { $to } ist beendet: { $outcome }.
tel-placement-unknown = Anruf an { $to }: { $status }
tel-placement-failed = Der Anruf an { $to } wurde nicht getätigt. { $reason }
tel-outcome-completed = abgeschlossen
tel-outcome-declined = abgelehnt
tel-outcome-busy = besetzt
tel-outcome-cancelled = abgebrochen
tel-outcome-failed = fehlgeschlagen
tel-caller-ids-not-signed-in = Speichere deine MediaSFU-Einstellungen, um Anrufer-IDs zu laden.
tel-caller-ids-loading = Lade Anrufer-IDs…
tel-caller-ids-none-eligible = Keine SIP-Konfiguration dieses Kontos erlaubt ausgehende Anrufe.
tel-caller-ids-retrying = Anrufer-IDs nicht geladen ({ $code }); neuer Versuch in { NUMBER($seconds) } s.
tel-caller-ids-see-banner = Anrufer-IDs nicht geladen ({ $code }): siehe den Hinweis oben.
tel-caller-ids-save-to-retry = Anrufer-IDs nicht geladen ({ $code }); Speichern versucht es erneut.

## Telephony notices (matched by their English sentence)

tel-signed-out = Abgemeldet: In diesem Browser ist nichts mehr gespeichert.
tel-checking = Wird bei MediaSFU geprüft …

tel-settings-connected = Verbunden: { $configs ->
        [one] { $configs } SIP-Konfiguration
       *[other] { $configs } SIP-Konfigurationen
    }, { NUMBER($usable) } für ausgehende Anrufe nutzbar.
tel-settings-see-banner = Nicht verbunden: siehe den Hinweis oben.
tel-settings-not-connected = Nicht verbunden. { $error }
tel-username-missing = Gib deinen MediaSFU-API-Benutzernamen ein.
tel-username-invalid = Der API-Benutzername besteht nur aus Buchstaben und Ziffern, mindestens 6.
tel-key-missing = Gib deinen MediaSFU-API-Schlüssel ein.
tel-key-invalid = Der API-Schlüssel besteht aus genau 64 Buchstaben und Ziffern.
tel-key-not-disposable = Ein Einmalschlüssel beginnt mit tempsand oder tempprod und hat insgesamt 64 Buchstaben und Ziffern.
tel-base-url-invalid = Die Basis-URL muss mit https:// beginnen (http:// nur für localhost) und darf nicht mit einem Schrägstrich enden.

## Call states (the core's labels, matched by their English)

call-state-starting-both = Kamera und Mikrofon werden gestartet …
call-state-starting-mic = Mikrofon wird gestartet …
call-state-ringing = Es klingelt …
call-state-incoming = Eingehender Anruf
call-state-connecting = Verbindung wird aufgebaut …
call-state-connected = Verbunden
call-state-ended = Anruf beendet

## The ended call's summary

summary-hung-up-named = { $name } hat aufgelegt.
summary-hung-up-they = Die andere Person hat aufgelegt.
summary-you-ended = Du hast den Anruf beendet.
summary-declined-named = { $name } hat den Anruf abgelehnt.
summary-declined-they = Die andere Person hat den Anruf abgelehnt.
summary-no-answer-named = { $name } hat nicht geantwortet.
summary-no-answer-they = Die andere Person hat nicht geantwortet.
summary-busy-named = { $name } ist gerade in einem anderen Anruf.
summary-busy-they = Die andere Person ist gerade in einem anderen Anruf.
summary-unavailable-named = { $name } ist nicht mehr online.
summary-unavailable-they = Die andere Person ist nicht mehr online.
summary-no-webrtc-named = Der Browser von { $name } kann keine Anrufe annehmen.
summary-no-webrtc-they = Der Browser der anderen Person kann keine Anrufe annehmen.
summary-their-media-named = Mikrofon oder Kamera von { $name } konnte nicht starten, daher endete der Anruf.
summary-their-media-they = Mikrofon oder Kamera der anderen Person konnte nicht starten, daher endete der Anruf.
summary-switched-named = { $name } hat diesen Anruf beendet, um einen anderen anzunehmen.
summary-switched-they = Die andere Person hat diesen Anruf beendet, um einen anderen anzunehmen.
summary-their-bad-sdp-named = Der Browser von { $name } konnte die Beschreibung dieses Anrufs nicht verwenden, daher endete der Anruf.
summary-their-bad-sdp-they = Der Browser der anderen Person konnte die Beschreibung dieses Anrufs nicht verwenden, daher endete der Anruf.
summary-their-protocol-named = Die App von { $name } konnte den Nachrichten dieses Anrufs nicht folgen, daher endete der Anruf.
summary-their-protocol-they = Die App der anderen Person konnte den Nachrichten dieses Anrufs nicht folgen, daher endete der Anruf.
summary-lasted = Dauer { $duration }
summary-download-recording = Aufnahme herunterladen ({ $megabytes } MB)
recording-ready = Deine Anrufaufnahme ist fertig.
recording-discard = Verwerfen
silent-ringing = Dein Browser hält diese Seite stumm, bis du darauf klickst, tippst oder eine Taste drückst. Ein eingehender Anruf würde also ohne Ton klingeln.
silent-ringing-allow = Ton einschalten
summary-call-again = Erneut anrufen
summary-done = Fertig

## The call stage

stage-ready = Bereit für Anrufe
stage-idle-hint = Wähle jemanden aus der Liste, um einen Audio- oder Videoanruf zu starten. Eingehende Anrufe klingeln hier.
stage-offline = Keine Verbindung zum Server
stage-offline-hint = Anrufe gehen wieder, sobald die Verbindung zurück ist. Diese Seite verbindet sich von selbst neu.
stage-room-full = Dieser Raum ist voll
stage-room-full-hint = Anrufe gehen, sobald du im Raum bist. Diese Seite versucht es weiter und tritt dem Raum bei, sobald ein Platz frei wird.
stage-you-muted = Du bist stummgeschaltet.
stage-both-muted = Du bist stummgeschaltet. { $name } ist stummgeschaltet.
stage-muted-their-mic-lost = Du bist stummgeschaltet. Das Mikrofon von { $name } ist ausgefallen.
stage-they-muted = { $name } ist stummgeschaltet.
stage-their-mic-lost = Das Mikrofon von { $name } ist ausgefallen.
stage-camera-off = Die Kamera von { $name } ist aus
stage-call-ended = Anruf beendet
stage-video-call = Videoanruf
stage-audio-call = Audioanruf
stage-recording-both = Ihr nehmt beide auf
stage-recording = Aufnahme läuft
stage-they-record = { $name } nimmt diesen Anruf auf
stage-muted-hint = Du bist stummgeschaltet. Schalte das Mikrofon ein, damit man dich hört.
stage-muted-key = Mit m schaltest du den Ton wieder ein.
stage-hang-up = Auflegen
stage-cancel = Abbrechen
stage-hang-up-title = Auflegen (h)
stage-stop-recording = Aufnahme beenden
stage-record = Diesen Anruf aufnehmen (die andere Person wird informiert)
stage-camera-button = Kamera aus
stage-camera-turn-off = Kamera ausschalten
stage-camera-turn-on = Kamera einschalten
stage-share-screen = Bildschirm teilen
stage-stop-sharing = Freigabe beenden
stage-mute = Stummschalten
stage-unmute = Stummschaltung aufheben
stage-with-key = { $action } ({ $key })
drawer-title = Personen & Chat
drawer-close = Personen & Chat schließen
drawer-close-title = Schließen (Esc)
drawer-call-with = Anruf mit { $name }
drawer-back-to-call = , zurück zum Anruf
drawer-button-title = Personen & Chat (c)
drawer-unread = { $count ->
        [one] { " " }neue Chatnachricht
       *[other] { " " }neue Chatnachrichten
    }
stage-fullscreen = Vollbild (f)
stage-leave-fullscreen = Vollbild verlassen (f)
stage-pip = Bild im Bild (p)
stage-leave-pip = Bild im Bild beenden (p)

## The call stage, view tools

stage-fullscreen-name = Vollbild
stage-pip-name = Bild im Bild

## The call stage, own preview, waiting call and view tools

preview-label = Deine Kameravorschau
preview-moved = Deine Vorschau ist jetzt { $corner }.
preview-hint = Position: { $corner }. Zieh sie oder nimm die Pfeiltasten, um sie in eine andere Ecke zu schieben.
corner-top-left = oben links
corner-top-right = oben rechts
corner-bottom-left = unten links
corner-bottom-right = unten rechts
waiting-calling = { " " }ruft an ({ $kind ->
        [video] Video
       *[audio] Audio
    })
waiting-switch = Beenden & annehmen
view-tools = Ansicht
layout-side-by-side = Nebeneinander
layout-side-by-side-title = Nebeneinander (l)
layout-focus-title = Gegenüber groß anzeigen (l)
error-fullscreen-refused = Dieser Browser hat den Vollbildmodus nicht zugelassen. Der Anruf läuft im Fenster weiter.
error-pip-refused = Dieser Browser hat das Video nicht als Bild im Bild geöffnet. Der Anruf läuft hier weiter.

## Keyboard shortcuts (the `?` list)

shortcuts-title = Tastenkürzel
shortcuts-open = Tastenkürzel
shortcuts-open-title = Tastenkürzel (?)
shortcuts-link = Tastenkürzel (?)
shortcuts-mute = Stummschalten oder Ton an
shortcuts-camera = Kamera aus oder an
shortcuts-screen = Bildschirm teilen oder beenden
shortcuts-hang-up = Auflegen, abbrechen oder ablehnen
shortcuts-drawer = Personen & Chat, während eines Anrufs
shortcuts-fullscreen = Vollbild an oder aus
shortcuts-pip = Bild-im-Bild an oder aus
shortcuts-layout = Ansicht: Gegenüber groß oder nebeneinander
shortcuts-help = Diese Liste
shortcuts-escape = Diese Liste oder die Seitenleiste schließen
shortcuts-note = Einzelne Tasten wirken überall auf der Seite, außer beim Tippen in einem Feld.
shortcuts-close = Schließen
# The name on your own tile when the videos are side by side.
tile-you = Du

## Notices the controller and the widget write in English (matched by their sentence)

notice-camera-busy = Der Wechsel zu dieser Kamera hat nicht geklappt: Sie wird vielleicht von einer anderen Anwendung verwendet.
notice-microphone-busy = Der Wechsel zu diesem Mikrofon hat nicht geklappt: Es wird vielleicht von einer anderen Anwendung verwendet.
notice-embed-not-allowed = Diese Website darf Dialtone nicht steuern.
notice-embed-config-unavailable = Der Dialtone-Server hat nicht geantwortet, daher kann diese Website das Anruf-Widget noch nicht steuern. Lade die Seite neu, um es erneut zu versuchen.
server-refused = Der Server hat eine Nachricht abgelehnt: { $detail }

## The "More" menu, links to share, and the "Stream call audio" dialog.

menu-more = Mehr
menu-share-heading = Teilen
menu-copy-room-link = Link zu diesem Raum kopieren
menu-copy-call-me-link = Link kopieren, über den man mich anrufen kann
menu-calls-heading = Eingehende Anrufe
menu-notify-ask = Bei eingehenden Anrufen benachrichtigen
menu-notify-on = Benachrichtigungen an: Ein Anruf, den du vielleicht nicht hörst (verborgener Tab, stumme Seite), sagt, wer anruft
menu-notify-blocked = Benachrichtigungen sind für diese Website blockiert (Browsereinstellungen)
menu-operators-heading = Für Betreiber
menu-stream-audio = Anruf-Audio streamen…
menu-telephony = Telefonie (MediaSFU)
copy-what-room = Link zu diesem Raum
copy-what-call-me = Link, über den man dich anrufen kann
copy-what-call-person = Link zum Anrufen von { $name }
copy-done = { $what } kopiert
copy-fallback-label = { $what }: hier kopieren
copy-fallback-hint = Der Browser hat das Kopieren nicht erlaubt. Markiere den Link und kopiere ihn (Strg+C, oder „Kopieren“ auf dem Handy).
copy-close = Schließen
copy-call-link-label = Link kopieren, um { $name } anzurufen
copy-call-link-short = Link kopieren
peer-cannot-take-calls = Kann in diesem Browser keine Anrufe annehmen
call-link-region = Anruf über einen Link
call-link-waiting-lead = Warten auf { $name }.
call-link-waiting-rest = Du hast einen Link geöffnet, um { $name } anzurufen. Ein Anruf-Knopf erscheint hier, sobald { $name } in diesem Raum online ist.
call-link-cannot-lead = { $name } ist hier.
call-link-cannot-rest = Der Browser kann keine Anrufe annehmen; schick stattdessen eine Chat-Nachricht.
call-link-ready-lead = { $name } ist online.
call-link-ready-busy = Gerade in einem anderen Gespräch; dein Anruf wartet.
call-link-ready-idle = Ruf an, wenn du bereit bist.
call-link-call = { $name } anrufen
call-link-video = Video
stream-dialog-title = Anruf-Audio streamen
stream-dialog-hint = Für Betreiber: sendet den Ton jedes Anrufs live an einen eigenen WebSocket-Empfänger (zum Aufnehmen oder Transkribieren). Adresse leer lassen, um es auszuschalten.

## A call ringing in a hidden tab

tab-title-calling = 📞 { $name } ruft an — Dialtone
tab-title-incoming-video = 📞 Eingehender Videoanruf — Dialtone
tab-title-incoming-audio = 📞 Eingehender Audioanruf — Dialtone
notification-body = Öffne Dialtone, um den Anruf anzunehmen oder abzulehnen.

## Host mode's page

host-connecting = Verbindung wird aufgebaut
host-microphone = Mikrofon
host-end-call = Anruf beenden
host-close-tab = Du kannst diesen Tab schließen.
host-events = Ereignisse

## The call stage, screen sharing

stage-sharing-screen = Du teilst deinen Bildschirm
