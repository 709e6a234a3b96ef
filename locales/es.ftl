# Dialtone en español. Ids and arguments come from en.ftl; see src/i18n/mod.rs.
# Tratamiento: "tú", kept consistent throughout.

language-name = Español
# The label of the language picker.
language-label = Idioma

## Client errors, by stable code.

error-signaling-lost = Se perdió la conexión con el servidor de Dialtone. Reconectando; las llamadas en curso continúan.
error-audio-stream-failed = La transmisión de audio en directo no pudo llegar a su destino y dejó de intentarlo. La llamada sigue; vuelve a intentarlo cuando el destino esté disponible.
error-base-server = Este es un servidor de señalización básico: las llamadas y el chat de la sala funcionan, pero no puede mantener un mensaje en privado ni comparte nombres. Colgar, silenciar y la cámara van directamente a la otra persona en cuanto la llamada se conecta.
error-private-chat-unavailable = Este servidor no puede mantener un mensaje en privado: muestra cada mensaje a todos en la sala. Envíalo a todos o dilo en una llamada.
error-recording-notice-undeliverable = No se inició la grabación: no se pudo avisar antes a la otra persona (su aplicación o este servidor no pueden transmitir el aviso).
error-webrtc-unavailable = Este navegador no puede hacer ni recibir llamadas: no admite WebRTC. El chat funciona; para llamar, abre esta página en una versión actual de Firefox, Chrome, Edge o Safari.

## Why a call ended, by stable code.

end-mic-permission-denied = Dialtone no puede usar tu micrófono: se denegó el permiso. Permite el acceso al micrófono para este sitio en tu navegador y vuelve a intentarlo.
end-camera-permission-denied = Dialtone no puede usar tu cámara: se denegó el permiso. Permite el acceso a la cámara para este sitio o haz una llamada de audio.
end-screen-permission-denied = No se permitió compartir la pantalla. Elige una pantalla, ventana o pestaña para compartir, o permite la captura de pantalla para este sitio.
end-device-not-found = No se encontró ningún micrófono ni cámara. Conecta uno y vuelve a intentarlo.
end-device-in-use = Tu micrófono o tu cámara están ocupados por otra aplicación. Ciérrala y vuelve a intentarlo.
end-device-timeout = Tu micrófono o tu cámara no se iniciaron a tiempo.
end-insecure-context = Las llamadas necesitan una página segura: abre Dialtone con https:// o en localhost.
end-peer-unavailable = Ya no está en línea.
end-peer-busy = Está en otra llamada.
end-rejected = Se rechazó la llamada.
end-no-answer = Sin respuesta.
end-cancelled = La llamada se canceló antes de que la contestaran.
end-hung-up = Colgaste.
end-remote-hung-up = La otra persona colgó.
end-switched = Finalizada para atender otra llamada.
end-connection-failed = No se pudo conectar la llamada: no se encontró ninguna ruta de red entre los dos.
end-connection-lost = Se perdió la conexión.
end-bad-sdp = El otro lado envió una descripción de llamada que este navegador no puede usar.
end-protocol-error = El otro lado no respetó el protocolo de la llamada.
end-encryption-unsupported = Este navegador no puede cifrar la llamada como se requiere.
end-webrtc-unavailable = Su navegador no puede recibir llamadas: no admite WebRTC. Envíale un mensaje por el chat o pídele que abra Dialtone en otro navegador.

## A word or two for a call's end in the call history.

ended-mic-permission-denied = Permiso denegado
ended-camera-permission-denied = Permiso denegado
ended-screen-permission-denied = Permiso denegado
ended-device-not-found = Sin dispositivo
ended-device-in-use = Dispositivo ocupado
ended-device-timeout = Dispositivo lento
ended-insecure-context = Página no segura
ended-peer-unavailable = No disponible
ended-peer-busy = Ocupado
ended-rejected = Rechazada
ended-no-answer = Sin respuesta
ended-cancelled = Cancelada
ended-hung-up = Finalizada
ended-remote-hung-up = Finalizada
ended-switched = Cambiada
ended-connection-failed = No se pudo conectar
ended-connection-lost = Conexión perdida
ended-bad-sdp = Fallida
ended-protocol-error = Fallida
ended-encryption-unsupported = Error de cifrado
ended-webrtc-unavailable = No puede recibir llamadas

## Devices

devices-title = Dispositivos
device-microphone = Micrófono
device-camera = Cámara
device-speaker = Altavoz
device-system-default = Predeterminado del sistema
device-switching = Cambiando…
device-switch-failed = No se pudo cambiar ({ $code })
devices-apply-hint = Los cambios se aplican al instante, también en una llamada en curso.
mic-check-start = Probar el micrófono
mic-check-stop = Detener la prueba
mic-check-heard = Te oímos.
mic-check-say-something = Di algo…
mic-check-failed = { $sentence } ({ $code })
