// The floor of bench/call_setup.sh: a minimal hand-written audio call client speaking Dialtone's
// signaling protocol (../shared/specs/signaling.md) with no framework and no extra work. The
// callee answers every offer at once: its "accept" moment is the offer's arrival, stamped in
// window.__acceptedAt. The page sets call-state's data-state="connected" when the peer
// connection's connectionState is "connected", as the app does.
'use strict';
(() => {
  const params = new URLSearchParams(location.search);
  const name = params.get('name') || 'Floor';
  // How long the phone rings before the bench's person answers (bench/call_setup.sh RING_MS).
  const ringMs = Number(params.get('ring') || 0);
  const room = params.get('room') || 'lobby';
  const status = document.querySelector('[data-testid="connection-status"]');
  const selfId = document.querySelector('[data-testid="self-id"]');
  const list = document.getElementById('peers');
  const callState = document.querySelector('[data-testid="call-state"]');
  const hangUpButton = document.querySelector('[data-testid="hangup-button"]');
  const speaker = document.querySelector('audio');

  // No user consent needed: fetched while the page opens, so a call never waits for it.
  let iceServers = [];
  const iceServersReady = fetch('/api/ice-servers')
    .then((response) => (response.ok ? response.json() : { iceServers: [] }))
    .then((body) => { iceServers = body.iceServers || []; })
    .catch(() => {});

  const socket = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws?`
    + new URLSearchParams({ name, room }));
  const send = (type, to, payload) => socket.send(JSON.stringify({ type, to, payload }));
  const names = new Map();
  let me = null;
  let call = null; // { id, peer, pc, stream, early: [candidates before the remote description] }

  function showState(state) {
    callState.dataset.state = state;
    callState.textContent = state;
    hangUpButton.hidden = !call;
  }

  function showPeers() {
    list.replaceChildren(...[...names].map(([id, peerName]) => {
      const item = document.createElement('li');
      item.dataset.testid = 'peer-item';
      item.dataset.peerId = id;
      const button = document.createElement('button');
      button.dataset.testid = 'call-audio-button';
      button.textContent = `Call ${peerName}`;
      button.onclick = () => placeCall(id).catch(fail);
      item.append(button);
      return item;
    }));
  }

  function fail(error) {
    console.error(error);
    endCall('FAILED');
  }

  function peerConnection() {
    const pc = new RTCPeerConnection({ iceServers });
    const { id, peer } = call;
    pc.onicecandidate = ({ candidate }) => {
      if (candidate) {
        send('ice-candidate', peer, {
          candidate: candidate.candidate, sdpMid: candidate.sdpMid, sdpMLineIndex: candidate.sdpMLineIndex, callId: id,
        });
      }
    };
    pc.ontrack = ({ streams }) => { speaker.srcObject = streams[0]; };
    pc.onconnectionstatechange = () => showState(pc.connectionState);
    return pc;
  }

  async function placeCall(peer) {
    if (call) return;
    call = { id: crypto.randomUUID(), peer, pc: null, stream: null, early: [] };
    showState('calling');
    call.stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    await iceServersReady;
    call.pc = peerConnection();
    for (const track of call.stream.getTracks()) call.pc.addTrack(track, call.stream);
    const offer = await call.pc.createOffer();
    await call.pc.setLocalDescription(offer);
    send('offer', peer, { type: 'offer', sdp: offer.sdp, callId: call.id, media: 'audio' });
  }

  async function answerCall(from, offer) {
    window.__acceptedAt = Date.now();
    // Candidates that came while the phone rang are kept.
    call = { id: offer.callId, peer: from, pc: null, stream: null, early: call ? call.early : [] };
    showState('accepted');
    call.stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    await iceServersReady;
    call.pc = peerConnection();
    await call.pc.setRemoteDescription({ type: 'offer', sdp: offer.sdp });
    await addEarlyCandidates();
    for (const track of call.stream.getTracks()) call.pc.addTrack(track, call.stream);
    const answer = await call.pc.createAnswer();
    await call.pc.setLocalDescription(answer);
    send('answer', from, { type: 'answer', sdp: answer.sdp, callId: call.id });
  }

  async function addEarlyCandidates() {
    for (const candidate of call.early.splice(0)) await call.pc.addIceCandidate(candidate);
  }

  function endCall(reason) {
    if (!call) return;
    if (reason) send('call-end', call.peer, { callId: call.id, reason });
    call.pc?.close();
    for (const track of call.stream?.getTracks() || []) track.stop();
    call = null;
    showState('ended');
  }
  hangUpButton.onclick = () => endCall('HUNG_UP');

  socket.onmessage = async ({ data }) => {
    const message = JSON.parse(data);
    const payload = message.payload || {};
    const ours = call && message.from === call.peer && payload.callId === call.id;
    switch (message.type) {
      case 'client-id':
        me = payload.id || message.id;
        selfId.textContent = me;
        selfId.dataset.peerId = me;
        socket.send(JSON.stringify({ type: 'list-peers' }));
        status.dataset.status = 'online';
        status.textContent = 'online';
        break;
      case 'peer-list':
        names.clear();
        for (const id of message.peers || []) {
          if (id !== me) names.set(id, message.profiles?.[id]?.name || id);
        }
        showPeers();
        break;
      case 'peer-joined':
        if (payload.id !== me) { names.set(payload.id, payload.name || payload.id); showPeers(); }
        break;
      case 'peer-left':
        names.delete(payload.id);
        showPeers();
        break;
      case 'offer':
        if (call) break;
        if (ringMs > 0) {
          // Ringing: the call is known (its candidates wait with it); nothing is prepared.
          call = { id: payload.callId, peer: message.from, pc: null, stream: null, early: [] };
          const ringing = call;
          setTimeout(() => { if (call === ringing) answerCall(message.from, payload).catch(fail); }, ringMs);
        } else {
          answerCall(message.from, payload).catch(fail);
        }
        break;
      case 'answer':
        if (ours) {
          try {
            await call.pc.setRemoteDescription({ type: 'answer', sdp: payload.sdp });
            await addEarlyCandidates();
          } catch (error) { fail(error); }
        }
        break;
      case 'ice-candidate':
        if (!ours || !payload.candidate) break;
        if (call.pc?.remoteDescription) call.pc.addIceCandidate(payload).catch(fail);
        else call.early.push(payload);
        break;
      case 'call-end':
        if (ours) endCall(null);
        break;
      default:
        break;
    }
  };
  socket.onclose = () => { status.dataset.status = 'offline'; status.textContent = 'offline'; };
})();
