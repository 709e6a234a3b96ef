# Dialtone auf Deutsch. Ids and arguments come from en.ftl; see src/i18n/mod.rs.
# Anrede: "du" (as in most chat and call apps), kept consistent throughout.

language-name = Deutsch
# The label of the language picker.
language-label = Sprache

## Client errors, by stable code.

error-signaling-lost = Die Verbindung zum Dialtone-Server ist abgebrochen. Sie wird wiederhergestellt; laufende Anrufe gehen weiter.
error-audio-stream-failed = Der Live-Audiostream hat sein Ziel nicht erreicht und es aufgegeben. Der Anruf läuft weiter; versuch es erneut, sobald das Ziel wieder erreichbar ist.
error-base-server = Das ist ein einfacher Signalisierungsserver: Anrufe und der Raum-Chat funktionieren, aber er kann keine Nachricht privat halten und gibt keine Namen weiter. Auflegen, Stummschalten und Kamera gehen direkt an die andere Person, sobald ein Anruf verbunden ist.
error-private-chat-unavailable = Dieser Server kann keine Nachricht privat halten: Er zeigt jede Nachricht allen im Raum. Schick sie an alle oder sag es in einem Anruf.
error-recording-notice-undeliverable = Die Aufnahme wurde nicht gestartet: Die andere Person konnte nicht vorher informiert werden (ihre App oder dieser Server kann den Hinweis nicht weitergeben).
error-webrtc-unavailable = Mit diesem Browser kannst du keine Anrufe tätigen oder annehmen: Er unterstützt kein WebRTC. Der Chat funktioniert; für Anrufe öffne diese Seite in einem aktuellen Firefox, Chrome, Edge oder Safari.

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
device-switch-failed = Umschalten fehlgeschlagen ({ $code })
devices-apply-hint = Änderungen gelten sofort, auch in einem laufenden Anruf.
mic-check-start = Mikrofon testen
mic-check-stop = Mikrofontest beenden
mic-check-heard = Wir hören dich.
mic-check-say-something = Sag etwas …
mic-check-failed = { $sentence } ({ $code })
