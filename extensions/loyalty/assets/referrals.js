/* global document, window, fetch, crypto, navigator, localStorage, history, location, URLSearchParams, setTimeout */
// The launcher's referral tab: the member's own link and code with ways to share them, and for a
// friend who arrived through a link (?crm_ref=CODE, kept in localStorage) the offer and a claim
// form. Loaded beside loyalty.js (which opens the panel); same budget: 10 kB, 5 kB gzipped.
(function () {
  var box = document.querySelector('[data-crm-referrals]');
  if (!box || window.crmReferrals) return;
  window.crmReferrals = true;
  var root = box.closest('[data-crm-loyalty]');
  var base = box.getAttribute('data-proxy-referrals');
  var locale = root.getAttribute('data-locale') || document.documentElement.lang || 'en';
  var numbers = new Intl.NumberFormat(locale);
  var tablist = root.querySelector('[data-crm-tabs]');
  var tabs = Array.prototype.slice.call(tablist.querySelectorAll('[role=tab]'));
  var tab = tablist.querySelector('[data-crm-tab=referrals]');
  var opener = root.querySelector('[data-crm=open]');
  var form = find('claim');
  var KEY = 'crm_ref';
  var stored = read();
  var loaded = null;

  function find(name) {
    return box.querySelector('[data-crm-ref="' + name + '"]');
  }
  function say(name, text) {
    var element = find(name);
    if (element) element.textContent = text == null ? '' : text;
    return element;
  }
  function show(element, visible) {
    if (element) element.hidden = !visible;
  }
  function error() {
    return box.getAttribute('data-error');
  }

  // The friend's referral: kept for 30 days, across pages, until the program refuses it.
  function read() {
    try {
      var value = JSON.parse(localStorage.getItem(KEY));
      return value && typeof value.code === 'string' && Date.now() - value.at < 2592e6 ? value : null;
    } catch {
      return null;
    }
  }
  function save() {
    try {
      if (stored) localStorage.setItem(KEY, JSON.stringify(stored));
      else localStorage.removeItem(KEY);
    } catch {
      // Private browsing without storage: the referral lasts as long as the page.
    }
  }

  function call(path, init) {
    var url = base + path + (path.indexOf('?') < 0 ? '?' : '&') + 'locale=' + encodeURIComponent(locale);
    return fetch(url, init).then(function (response) {
      return response.json().then(function (body) {
        return { ok: response.ok, body: body };
      });
    });
  }

  function select(chosen, focus) {
    tabs.forEach(function (each) {
      var on = each === chosen;
      each.setAttribute('aria-selected', String(on));
      each.tabIndex = on ? 0 : -1;
      show(document.getElementById(each.getAttribute('aria-controls')), on);
    });
    if (focus) chosen.focus();
  }

  function load() {
    loaded = loaded || Promise.all([
      call('/me', { headers: { Accept: 'application/json' } }).then(own),
      stored && !stored.claim ? call('/offer?code=' + encodeURIComponent(stored.code), { headers: { Accept: 'application/json' } }).then(offer) : null,
    ]).then(function () {
      show(find('status'), false);
    }, function () {
      loaded = null;
      say('status', error());
    });
    return loaded;
  }

  function enable(on) {
    if (on) return show(tablist, true);
    root.setAttribute('data-crm-ref-off', '');
    if (!find('offer').hidden) return;
    if (tab.getAttribute('aria-selected') === 'true') select(tabs[0]);
    show(tablist, false);
  }

  // The customer's own side: the link to share and what it has brought, or the offer and sign-in.
  function own(answer) {
    var view = answer.body;
    if (!answer.ok) throw new Error(view.error);
    enable(view.enabled);
    if (!view.enabled) return;
    show(find('own'), true);
    say('friend-offer', view.friendOfferText);
    say('advocate-offer', view.advocateOfferText);
    if (!view.signedIn) return;
    show(find('mine'), true);
    find('link').value = view.link;
    say('code', view.code);
    var text = view.shareText.indexOf(view.link) < 0 ? view.shareText + ' ' + view.link : view.shareText;
    find('mail').href = 'mailto:?subject=' + encodeURIComponent(box.getAttribute('data-subject')) + '&body=' + encodeURIComponent(text);
    find('whatsapp').href = 'https://wa.me/?text=' + encodeURIComponent(text);
    say('referred', numbers.format(view.friendsReferred));
    say('pending', numbers.format(view.friendsPending));
    var list = find('rewards');
    list.textContent = '';
    view.rewards.forEach(function (reward) {
      var item = document.createElement('li');
      item.className = 'crm-loyalty__item';
      item.textContent = reward.atText + ' · ' + reward.text;
      list.appendChild(item);
    });
    show(find('rewards-empty'), !view.rewards.length);
  }

  // The friend's side: what the link offers, or why it is not on offer.
  function offer(answer) {
    var view = answer.body;
    show(find('offer'), true);
    if (!answer.ok) {
      stored = null;
      save();
      show(form, false);
      say('refused', view.message || error());
      return;
    }
    enable(true);
    if (view.advocateName) say('offer-title', box.getAttribute('data-from').replace('%s', view.advocateName));
    say('offer-text', view.friendReward.text);
    say('offer-minimum', view.friendReward.minimumText);
  }

  function claimed(focus) {
    var claim = stored.claim;
    show(find('offer'), true);
    show(form, false);
    show(find('claimed'), true);
    say('claimed-code', claim.code);
    say('claimed-text', [claim.rewardText, claim.minimumText].filter(Boolean).join(' '));
    say('claimed-expires', claim.expiresText);
    say('refused', '');
    if (focus) find('claimed').focus();
  }

  function requestKey() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return Date.now().toString(36) + Math.random().toString(36).slice(2);
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    // The e-mail is checked by the endpoint, which answers in the shop's language.
    var email = form.elements.email;
    var button = form.querySelector('button');
    // One key per friend's claim, kept until it succeeds: a retry after a lost answer gets the
    // same code back instead of a second one.
    stored.key = stored.key || requestKey();
    save();
    button.disabled = true;
    call('/claim', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ code: stored.code, email: email ? email.value.trim() : undefined, requestKey: stored.key }),
    })
      .then(function (answer) {
        if (!answer.ok) return say('refused', answer.body.message || error());
        stored.claim = answer.body;
        delete stored.key;
        save();
        claimed(true);
      }, function () {
        say('refused', error());
      })
      .then(function () {
        button.disabled = false;
      });
  });

  function copy(value, button) {
    function tell(text) {
      // Emptied first, so saying the same again is announced again.
      say('copied', '');
      setTimeout(function () {
        say('copied', text);
      }, 50);
    }
    function fallback() {
      var area = document.createElement('textarea');
      area.value = value;
      area.setAttribute('readonly', '');
      area.className = 'crm-loyalty__offscreen';
      box.appendChild(area);
      area.select();
      var done = false;
      try {
        done = document.execCommand('copy');
      } catch {
        done = false;
      }
      box.removeChild(area);
      button.focus();
      tell(box.getAttribute(done ? 'data-copied' : 'data-copy-failed'));
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(value).then(function () {
        tell(box.getAttribute('data-copied'));
      }, fallback);
    } else fallback();
  }

  [['copy-link', 'link'], ['copy-code', 'claimed-code']].forEach(function (pair) {
    var button = find(pair[0]);
    if (!button) return;
    button.addEventListener('click', function () {
      var source = find(pair[1]);
      copy(source.value || source.textContent, button);
    });
  });
  var link = find('link');
  if (link) {
    link.addEventListener('focus', function () {
      link.select();
    });
  }

  tabs.forEach(function (each, index) {
    each.addEventListener('click', function () {
      select(each);
    });
    each.addEventListener('keydown', function (event) {
      var next = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: tabs.length - 1 }[event.key];
      if (next === undefined) return;
      event.preventDefault();
      select(tabs[(next + tabs.length) % tabs.length], true);
    });
  });
  if (opener) opener.addEventListener('click', load);

  // A friend arriving through a link: the code is kept and taken out of the address bar.
  var params = new URLSearchParams(location.search);
  var code = (params.get('crm_ref') || '').trim();
  if (code) {
    params.delete('crm_ref');
    var query = params.toString();
    history.replaceState(history.state, '', location.pathname + (query ? '?' + query : '') + location.hash);
  }
  if (/^[A-Za-z0-9-]{1,64}$/.test(code) && !(stored && stored.code.toUpperCase() === code.toUpperCase())) {
    stored = { code: code, at: Date.now() };
    save();
  }
  if (stored && stored.claim) claimed(false);

  function arrive() {
    if (!code || !opener) return;
    // loyalty.js opens the panel (and loads its own part); all deferred scripts have run by now.
    var panel = document.getElementById(opener.getAttribute('aria-controls'));
    if (panel.hidden) opener.click();
    load();
    show(tablist, true);
    select(tab, true);
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', arrive);
  else arrive();
})();
