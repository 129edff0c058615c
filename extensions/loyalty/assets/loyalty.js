/* global document, window, fetch, crypto */
// Loyalty panel: fills the Liquid-rendered panel and account block with the member's data from
// the app proxy, opens the launcher's panel as a modal dialog (focus kept inside, Escape closes),
// redeems rewards and saves the member's birthday. No framework: the budget is 10 kB (5 kB gzipped) for the whole file.
(function () {
  var roots = document.querySelectorAll('[data-crm-loyalty]');
  if (!roots.length || window.crmLoyalty) return;
  window.crmLoyalty = true;
  var base = roots[0].getAttribute('data-proxy');
  var locale = roots[0].getAttribute('data-locale') || document.documentElement.lang || 'en';
  var numbers = new Intl.NumberFormat(locale);
  var state = null;
  var loading = null;

  function find(root, name) {
    return root.querySelector('[data-crm="' + name + '"]');
  }
  function setText(root, name, text) {
    var element = find(root, name);
    if (element) element.textContent = text == null ? '' : text;
    return element;
  }
  function show(element, visible) {
    if (element) element.hidden = !visible;
  }
  function url(path) {
    return base + path + '?locale=' + encodeURIComponent(locale);
  }
  function call(path, init) {
    return fetch(url(path), init).then(function (response) {
      return response.json().then(function (body) {
        return { ok: response.ok, status: response.status, body: body };
      });
    });
  }
  function post(path, body) {
    return call(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(body),
    });
  }

  function load() {
    if (!loading) {
      loading = call('/member', { headers: { Accept: 'application/json' } })
        .then(function (answer) {
          if (!answer.ok) throw new Error(answer.status);
          state = answer.body;
          roots.forEach(render);
        })
        .catch(function () {
          roots.forEach(function (root) {
            setText(root, 'status', root.getAttribute('data-error'));
          });
        })
        .then(function () {
          loading = null;
        });
    }
    return loading;
  }

  function render(root) {
    var program = state.program;
    var member = state.member;
    // No program in this shop: the launcher stays out of the way, or shows only its referral tab
    // (loyalty.css; hidden too once referrals.js finds that program off).
    if (!program) {
      if (root.querySelector('[data-crm-tab]')) root.setAttribute('data-crm-off', '');
      else root.hidden = true;
      return;
    }
    show(find(root, 'status'), false);
    setText(root, 'earn', program.earnText);
    if (member) {
      setText(root, 'available', numbers.format(member.available));
      setText(root, 'pending', numbers.format(member.pending));
      setText(root, 'tier', member.tier ? member.tier.name : '–');
      setText(root, 'next', member.next ? member.next.text : member.topText);
      var bar = find(root, 'bar');
      if (bar) {
        var percent = Math.round(member.progress * 100);
        bar.setAttribute('aria-valuenow', percent);
        bar.firstElementChild.style.width = percent + '%';
      }
      fill(root, 'history', 'history-item', member.history, historyItem);
      show(find(root, 'history-empty'), !member.history.length);
      birthday(root, member.birthday);
    }
    fill(root, 'rewards', 'reward-item', program.rewards, rewardItem);
  }

  function fill(root, listName, templateName, items, build) {
    var list = find(root, listName);
    var template = find(root, templateName);
    if (!list || !template) return;
    list.textContent = '';
    items.forEach(function (item) {
      var element = template.content.firstElementChild.cloneNode(true);
      build(element, item, root);
      list.appendChild(element);
    });
  }

  function historyItem(element, line) {
    setText(element, 'date', line.date);
    setText(element, 'text', line.text);
    setText(element, 'note', line.note);
    setText(element, 'points', (line.points > 0 ? '+' : '') + numbers.format(line.points));
  }

  function rewardItem(element, reward, root) {
    setText(element, 'title', reward.title);
    setText(element, 'price', reward.priceText);
    var button = find(element, 'redeem');
    if (!button) return;
    button.disabled = !reward.affordable;
    var input = find(element, 'chosen');
    if (reward.step) {
      show(find(element, 'choose'), true);
      input.min = reward.points;
      input.max = reward.maxPoints;
      input.step = reward.step;
      input.value = reward.points;
    }
    button.addEventListener('click', function () {
      redeem(root, button, reward, reward.step ? Number(input.value) : undefined);
    });
  }

  // The birthday: the day given and when it earns, or the form while it may be given or changed.
  function birthday(root, day) {
    show(find(root, 'birthday'), day);
    if (!day) return;
    setText(root, 'birthday-text', day.text);
    setText(root, 'birthday-note', [day.note, day.changeText].filter(Boolean).join(' '));
    var form = find(root, 'birthday-form');
    show(form, day.canChange);
    if (day.month) {
      form.month.value = day.month;
      form.day.value = day.day;
    }
  }

  function setUpBirthday(root) {
    var form = find(root, 'birthday-form');
    if (!form) return;
    function say(text) {
      // Focus follows the answer: the form may be gone once the birthday is saved.
      setText(root, 'birthday-message', text || root.getAttribute('data-error')).focus();
    }
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var button = form.querySelector('button');
      button.disabled = true;
      post('/birthday', { month: Number(form.month.value), day: Number(form.day.value) })
        .then(function (answer) {
          if (!answer.ok) return say(answer.body.message);
          return load().then(function () {
            say(answer.body.message);
          });
        }, function () {
          say();
        })
        .then(function () {
          button.disabled = false;
        });
    });
  }

  function requestKey() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return Date.now().toString(36) + Math.random().toString(36).slice(2);
  }

  function redeem(root, button, reward, chosenPoints) {
    // One key per intended redemption: a retry after a lost answer gets the same code back
    // instead of spending the points twice. A definite answer ends the attempt.
    button.dataset.key = button.dataset.key || requestKey();
    button.disabled = true;
    post('/redeem', { rewardId: reward.id, chosenPoints: chosenPoints, requestKey: button.dataset.key })
      .then(function (answer) {
        delete button.dataset.key;
        show(find(root, 'code'), answer.ok);
        setText(root, 'refused', answer.ok ? '' : answer.body.message || root.getAttribute('data-error'));
        if (answer.ok) {
          setText(root, 'code-value', answer.body.code);
          setText(root, 'expires-date', answer.body.expiresText);
          show(find(root, 'expires'), Boolean(answer.body.expiresText));
          // The rewards are rendered anew with the lower balance; focus goes to the code.
          load().then(function () {
            find(root, 'code').focus();
          });
        } else {
          button.disabled = false;
        }
      })
      .catch(function () {
        button.disabled = false;
        setText(root, 'refused', root.getAttribute('data-error'));
      });
  }

  // The launcher's panel: a modal dialog over the page.
  var FOCUSABLE = 'a[href],button:not([disabled]),input:not([disabled]),select:not([disabled]),[tabindex]:not([tabindex="-1"])';

  function setUpPanel(root) {
    var opener = find(root, 'open');
    var panel = opener && document.getElementById(opener.getAttribute('aria-controls'));
    if (!panel) return;
    function close() {
      panel.hidden = true;
      opener.setAttribute('aria-expanded', 'false');
      opener.focus();
    }
    opener.addEventListener('click', function () {
      if (!panel.hidden) return close();
      panel.hidden = false;
      opener.setAttribute('aria-expanded', 'true');
      panel.focus();
      if (!state) load();
    });
    find(root, 'close').addEventListener('click', close);
    // On the document, not the panel: a redemption re-renders the rewards, and focus on a
    // replaced button falls back to the page's body.
    document.addEventListener('keydown', function (event) {
      if (panel.hidden) return;
      if (event.key === 'Escape') {
        event.preventDefault();
        close();
      } else if (event.key === 'Tab') {
        var items = Array.prototype.filter.call(panel.querySelectorAll(FOCUSABLE), function (item) {
          return item.offsetParent !== null;
        });
        var first = items[0];
        var last = items[items.length - 1];
        if (!first) return;
        if (!panel.contains(document.activeElement)) {
          event.preventDefault();
          first.focus();
        } else if (event.shiftKey && (document.activeElement === first || document.activeElement === panel)) {
          event.preventDefault();
          last.focus();
        } else if (!event.shiftKey && document.activeElement === last) {
          event.preventDefault();
          first.focus();
        }
      }
    });
  }

  roots.forEach(setUpPanel);
  roots.forEach(setUpBirthday);
  // The account page's block is visible at once; the launcher's panel loads when first opened.
  if (document.querySelector('[data-crm-inline]')) load();
})();
