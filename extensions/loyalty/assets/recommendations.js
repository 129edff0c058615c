/* global document, window, fetch, location, IntersectionObserver, CustomEvent */
// "Frequently bought together" (blocks/frequently-bought-together.liquid): loads the products for
// this product or for the cart's from the app proxy, lets the shopper choose, adds the choice
// through Shopify's Ajax Cart API, each line with the hidden property _crm_rec (the product it was
// recommended for: how the order is attributed), and reports what was seen (once, when the block
// comes into view) and added. Budget: 10 kB, 5 kB gzipped.
(function () {
  var routes = window.Shopify && window.Shopify.routes;
  var root = (routes && routes.root) || '/';
  Array.prototype.forEach.call(document.querySelectorAll('[data-crm-fbt]'), start);

  function start(box) {
    if (box.crmStarted) return;
    box.crmStarted = true;
    var attr = function (name) {
      return box.getAttribute('data-' + name);
    };
    var proxy = attr('proxy-recommendations');
    var products = attr('products');
    var cartMode = attr('mode') === 'cart';
    var locale = attr('locale') || document.documentElement.lang || 'en';
    var list = box.querySelector('[data-crm-fbt-items]');
    var total = box.querySelector('[data-crm-fbt-total]');
    var button = box.querySelector('[data-crm-fbt-add]');
    var status = box.querySelector('[data-crm-fbt-status]');
    var items = [];
    var boxes = [];

    if (!products) return collapse();
    fetch(proxy + '?' + (cartMode ? 'cart=' : 'product=') + encodeURIComponent(products) + '&locale=' + encodeURIComponent(locale), {
      headers: { Accept: 'application/json' },
    })
      .then(json)
      .then(show)
      .catch(collapse);

    function json(response) {
      if (!response.ok) throw new Error('HTTP ' + response.status);
      return response.json();
    }

    // Nothing to offer (or no answer): the one case the block gives up its reserved height.
    function collapse() {
      box.hidden = true;
    }

    function el(tag, className) {
      var node = document.createElement(tag);
      if (className) node.className = className;
      return node;
    }

    function show(answer) {
      items = (answer && answer.items) || [];
      if (!items.length) return collapse();
      list.textContent = '';
      boxes = items.map(function (item) {
        var row = el('li', 'crm-fbt__item');
        var label = el('label');
        var image = el(item.imageUrl ? 'img' : 'span', 'crm-fbt__image');
        if (item.imageUrl) {
          image.src = item.imageUrl;
          image.alt = '';
          image.loading = 'lazy';
          image.width = 136;
          image.height = 112;
        }
        var title = el('span', 'crm-fbt__title');
        title.textContent = item.title;
        var check = el('span', 'crm-fbt__check');
        var input = el('input');
        input.type = 'checkbox';
        input.checked = true;
        input.addEventListener('change', update);
        var price = el('span');
        price.textContent = money(item.price.amountMinor, item.price.currency);
        check.appendChild(input);
        check.appendChild(price);
        label.appendChild(image);
        label.appendChild(title);
        label.appendChild(check);
        row.appendChild(label);
        list.appendChild(row);
        return input;
      });
      list.removeAttribute('aria-busy');
      update();
      watch();
    }

    function chosen() {
      return items.filter(function (item, index) {
        return boxes[index].checked;
      });
    }

    function update() {
      var picked = chosen();
      var sum = 0;
      picked.forEach(function (item) {
        sum += item.price.amountMinor;
      });
      total.textContent = picked.length ? money(sum, picked[0].price.currency) : '–';
      button.disabled = !picked.length;
    }

    // The shop's money format ("{{amount_with_comma_separator}} €") as Shopify's Liquid applies
    // it to cents; without one, the storefront language's way of writing the currency.
    function money(minor, currency) {
      var format = attr('money-format');
      var placeholder = /\{\{\s*(\w+)\s*\}\}/;
      if (format && placeholder.test(format)) {
        return format.replace(placeholder, function (match, name) {
          return amount(minor, name);
        });
      }
      var numbers = new Intl.NumberFormat(locale, { style: 'currency', currency: currency });
      return numbers.format(minor / Math.pow(10, numbers.resolvedOptions().maximumFractionDigits));
    }

    function amount(cents, name) {
      var separators =
        {
          amount_with_comma_separator: '.,',
          amount_no_decimals_with_comma_separator: '.,',
          amount_with_apostrophe_separator: "'.",
          amount_no_decimals_with_space_separator: ' ,',
          amount_with_space_separator: ' ,',
          amount_with_period_and_space_separator: ' .',
        }[name] || ',.';
      var parts = (cents / 100).toFixed(name.indexOf('no_decimals') < 0 ? 2 : 0).split('.');
      return parts[0].replace(/\B(?=(\d{3})+(?!\d))/g, separators[0]) + (parts[1] ? separators[1] + parts[1] : '');
    }

    function events(type, chosenItems) {
      return chosenItems.map(function (item) {
        return { type: type, productId: item.recommendedFrom, targetProductId: item.productId };
      });
    }

    // Statistics only: a lost report costs the shopper nothing, so failures are not shown.
    function report(batch) {
      fetch(proxy + '/events', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ events: batch }),
        keepalive: true,
      }).catch(function () {});
    }

    // Seen: at least half the row in view, counted once per page view.
    function watch() {
      var seen = function () {
        report(events('impression', items));
      };
      if (!window.IntersectionObserver) return seen();
      var observer = new IntersectionObserver(
        function (entries) {
          if (
            entries.some(function (entry) {
              return entry.isIntersecting;
            })
          ) {
            observer.disconnect();
            seen();
          }
        },
        { threshold: 0.5 },
      );
      observer.observe(list);
    }

    // Themes show the cart's count in their own markup: [data-cart-count] is updated, and the
    // event lets a theme refresh anything else.
    function refreshCart() {
      return fetch(root + 'cart.js', { headers: { Accept: 'application/json' } })
        .then(json)
        .then(function (cart) {
          Array.prototype.forEach.call(document.querySelectorAll('[data-cart-count]'), function (node) {
            node.textContent = cart.item_count;
          });
          document.dispatchEvent(new CustomEvent('crm:cart-updated', { detail: cart }));
        })
        .catch(function () {});
    }

    button.addEventListener('click', function () {
      var picked = chosen();
      if (!picked.length) return;
      button.disabled = true;
      status.textContent = '';
      fetch(root + 'cart/add.js', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({
          items: picked.map(function (item) {
            return { id: item.variantId, quantity: 1, properties: { _crm_rec: item.recommendedFrom } };
          }),
        }),
      })
        .then(json)
        .then(function () {
          report(events('add_to_cart', picked));
          status.textContent = attr('added');
          // The cart page lists the lines the server renders: show it again with them.
          if (cartMode) return location.reload();
          return refreshCart();
        })
        .catch(function () {
          status.textContent = attr('error');
        })
        .then(update);
    });
  }
})();
