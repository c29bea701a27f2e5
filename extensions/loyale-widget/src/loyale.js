// Loyale's storefront widget: the launcher panel (app embed) and the "Your tier" card (app block).
// No framework: built with esbuild into assets/loyale.js (`web/scripts/widget-build.ts`), loaded with `defer`.
// Every string comes from the storefront's locale files through the blocks' Liquid (script[data-loyale-config]);
// the data comes from the app proxy (/apps/loyale/*), fetched once, after first paint.
(() => {
  const doc = document;
  const configNode = doc.querySelector('script[data-loyale-config]');
  if (!configNode) return;
  /** @type {{ locale: string, member: boolean, t: Record<string, string> }} */
  const config = JSON.parse(configNode.textContent || '{}');
  const routes = window.Shopify && window.Shopify.routes;
  const root = (routes && routes.root) || '/';
  // Plurals and numbers follow the language of the texts (`t.locale`): a storefront in a language the widget has no
  // texts for (French) shows the English ones, which need English plurals; a region of the texts' language (de-CH)
  // keeps its own number format.
  const locale = config.locale.split('-')[0] === config.t.locale ? config.locale : config.t.locale;
  const numbers = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
  const dates = new Intl.DateTimeFormat(locale, { dateStyle: 'medium' });
  const deltas = new Intl.NumberFormat(locale, { signDisplay: 'exceptZero' });
  const plurals = new Intl.PluralRules(locale);

  /** The translated template `key` with its {name} placeholders filled ('' for an unknown key). */
  const text = (key, vars = {}) =>
    (config.t[key] || '').replace(/\{(\w+)\}/g, (match, name) => (name in vars ? vars[name] : match));
  /** The `_one` or `_other` form of `key` for the number n (other languages' forms fall back to `_other`). */
  const count = (key, n, vars) =>
    text(key + (plurals.select(n) === 'one' ? '_one' : '_other'), { ...vars, n: numbers.format(n) });

  /** A new element: `props` are attributes, `class`, or `on<event>` listeners; falsy children are skipped. */
  const el = (tag, props, ...children) => {
    const node = doc.createElement(tag);
    for (const [name, value] of Object.entries(props || {})) {
      if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
      else if (name === 'class') node.className = value;
      else node.setAttribute(name, value);
    }
    node.append(...children.filter((child) => child || child === 0));
    return node;
  };
  const all = (name) => doc.querySelectorAll(`[data-loyale-${name}]`);
  /** Replaces the content of every `[data-loyale-<name>]` (in the panel and the card) with fresh nodes. */
  const fill = (name, make) => all(name).forEach((node) => node.replaceChildren(...make()));

  // `locale`: the language of the texts, so that tier and reward names come in it where the merchant gave them one.
  const request = (path, init) =>
    fetch(`${root}apps/loyale/${path}?locale=${locale}`, { credentials: 'same-origin', headers: { Accept: 'application/json' }, ...init })
      .then((response) =>
        response.ok
          ? response.json()
          : response.json().then((body) => body, () => ({})).then((body) => Promise.reject({ status: response.status, body })),
      );

  const layer = doc.querySelector('[data-loyale-layer]');
  const panel = doc.querySelector('[data-loyale-panel]');
  const launcher = doc.querySelector('[data-loyale-open]');
  const status = all('status')[0];

  /** The message the live region says (or is about to say). */
  let said = '';
  let saying;
  /**
   * Says `message` in the panel's live region ('' clears it); `focus` moves focus there (when its trigger is
   * re-rendered). The region is emptied first and the message follows a moment later, so that a message repeated
   * word for word is a change screen readers announce again.
   */
  const announce = (message, focus) => {
    if (!status) return;
    said = message;
    clearTimeout(saying);
    status.textContent = '';
    saying = setTimeout(() => {
      status.textContent = message;
      if (focus) {
        status.tabIndex = -1;
        status.focus();
      }
    }, 100);
  };

  /** @type {any} the customer view of /apps/loyale/customer */
  let customer;
  /** @type {Record<string, any>} /apps/loyale/rewards by reward id: required tier, lock, product, minimum order */
  let details = {};
  /** The rewards' details did not come: they name the rewards on offer, so without them every reward shows. */
  let catalogMissing = true;
  /** The code just redeemed: shown on its own at the top, so not again under "Your codes". */
  let fresh;
  /** Rewards whose redemption is under way: their buttons stay disabled through re-renders until it ends. */
  const redeeming = new Set();

  const progress = () => {
    const { tier, nextTier, tiers } = customer;
    if (!nextTier) return tier ? [el('p', { class: 'loyale-muted' }, text('top_tier'))] : [];
    const threshold = (id) => (tiers.find((t) => t.id === id) || { threshold: 0 }).threshold;
    const min = tier ? threshold(tier.id) : 0;
    const max = Math.max(threshold(nextTier.id), min + 1);
    const now = Math.min(max, Math.max(min, max - nextTier.pointsNeeded));
    const label = count('to_next', nextTier.pointsNeeded, { tier: nextTier.name });
    return [
      el('p', { class: 'loyale-progress__label' }, label),
      el(
        'div',
        {
          class: 'loyale-progress',
          role: 'progressbar',
          'aria-label': text('progress_label', { tier: nextTier.name }),
          'aria-valuemin': min,
          'aria-valuemax': max,
          'aria-valuenow': now,
          'aria-valuetext': label,
        },
        el('span', { style: `width:${(100 * (now - min)) / (max - min)}%` }),
      ),
    ];
  };

  const copy = (code) =>
    (navigator.clipboard ? navigator.clipboard.writeText(code) : Promise.reject()).catch(() => {
      // No Clipboard API (or no permission): the old way, through a selected, off-screen textarea in the panel.
      const area = el('textarea', { class: 'loyale-offscreen', readonly: '' });
      area.value = code;
      (panel || doc.body).append(area);
      area.select();
      const copied = doc.execCommand('copy');
      area.remove();
      if (!copied) throw new Error('copy');
    });

  /** A discount code with its copy button and "apply to cart" link. */
  const codeCard = (item) => {
    const copyButton = el(
      'button',
      {
        type: 'button',
        class: 'loyale-button loyale-button--quiet',
        onclick: () =>
          copy(item.code).then(
            () => announce(text('copied')),
            () => announce(text('copy_failed')),
          ).then(() => copyButton.focus()),
      },
      text('copy'),
    );
    return el(
      'div',
      { class: 'loyale-code' },
      el('p', { class: 'loyale-code__title' }, text('code_for', { reward: item.rewardName })),
      el('code', { class: 'loyale-code__value' }, item.code),
      item.expiresAt && el('p', { class: 'loyale-muted' }, text('expires', { date: dates.format(new Date(item.expiresAt)) })),
      el(
        'div',
        { class: 'loyale-actions' },
        copyButton,
        // Applies the code, then goes to the cart (without `redirect` the platform goes to the home page).
        el('a', { class: 'loyale-link', href: `${root}discount/${encodeURIComponent(item.code)}?redirect=${root}cart` }, text('apply')),
      ),
    );
  };

  const redeem = (reward) => {
    redeeming.add(reward.id);
    render();
    const done = () => redeeming.delete(reward.id);
    request(`rewards/${encodeURIComponent(reward.id)}/redeem`, { method: 'POST' }).then(
      (result) => {
        done();
        customer.points = result.points;
        render();
        fresh = result.code;
        fill('code', () => [codeCard({ code: fresh, rewardName: reward.name })]);
        announce(text('redeemed', { reward: reward.name }));
        all('code')[0].querySelector('button').focus();
        loadActivity(true);
      },
      (failure) => {
        const code = failure && failure.status;
        done();
        render();
        // 409: someone else spent the points, or the tier dropped: show the balance and locks as they are now.
        if (code === 409) load(true).then(() => announce(lockText(reward) || text('error_balance'), true));
        else {
          // The app's own 502 (JSON with `error`) says refused: nothing was spent, or pending: the points wait for
          // the shop's answer. Anything else (the network, a 502 of the storefront's proxy, which is no JSON of the
          // app) may have gone through, so the shopper is sent to their activity rather than told nothing happened.
          const { error, details } = (failure && failure.body) || {};
          const refusal = code === 502 && error && ((details || {}).pending ? 'error_pending' : 'error_redeem');
          const key = refusal || { 404: 'error_unavailable', 401: 'error_signed_out' }[code];
          announce(text(key || 'error_unknown'), true);
          // The balance and the activity as they are now (a pending redemption holds its points).
          if (code === 502) load(true).then(() => loadActivity(true));
        }
      },
    );
  };

  /** An amount in the shop's currency. */
  const money = (amount) =>
    new Intl.NumberFormat(locale, { style: 'currency', currency: customer.waysToEarn[0].currency }).format(amount);

  /** "Gold members only" for a reward the customer's tier (a guest's: the lowest) does not reach, else ''. */
  const lockText = (item) => {
    const info = details[item.id];
    return info && info.locked ? text('locked', { tier: info.requiredTier.name }) : '';
  };

  const reward = (item) => {
    const { product, minimumSubtotal } = details[item.id] || {};
    const lock = lockText(item);
    const missing = item.cost - customer.points;
    const reason = lock || (customer.customerId && missing > 0 && count('need_more', missing));
    const why = `loyale-why-${item.id}`;
    const busy = redeeming.has(item.id);
    const button =
      customer.customerId &&
      el('button', { type: 'button', class: 'loyale-button', onclick: () => redeem(item) }, text(busy ? 'redeeming' : 'redeem'));
    if (button && (reason || busy)) button.disabled = true;
    if (button && reason) button.setAttribute('aria-describedby', why);
    const image = product && product.imageUrl;
    return el(
      'li',
      { class: `loyale-reward${image ? ' loyale-reward--image' : ''}` },
      image && el('img', { class: 'loyale-reward__image', src: image, alt: '', width: 48, height: 48, loading: 'lazy' }),
      el(
        'span',
        { class: 'loyale-reward__body' },
        el('span', { class: 'loyale-reward__name' }, item.name),
        product && el('span', 0, [product.title, product.variantTitle].filter(Boolean).join(' – ')),
        el('span', { class: 'loyale-muted' }, count('points', item.cost)),
        minimumSubtotal && el('span', { class: 'loyale-muted' }, text('min_order', { amount: money(minimumSubtotal) })),
      ),
      button,
      reason && el('span', { class: `loyale-reward__why${lock ? ' loyale-reward__lock' : ''}`, id: why }, reason),
    );
  };

  const render = () => {
    const { tier } = customer;
    fill('points', () => [count('points', customer.points)]);
    all('tier').forEach((node) => {
      node.textContent = tier ? tier.name : '';
      node.hidden = !tier;
    });
    fill('progress', progress);
    fill('earn', () =>
      customer.waysToEarn.map((way) =>
        el(
          'li',
          0,
          count('earn', way.pointsPerCurrencyUnit, { amount: money(1) }),
        ),
      ),
    );
    fill('tiers', () =>
      customer.tiers.map((t) =>
        el(
          'li',
          { class: 'loyale-tier' },
          el('strong', 0, t.name),
          ` ${count('tier_from', t.threshold)}`,
          t.multiplier !== 1 && el('span', { class: 'loyale-muted' }, text('multiplier', { m: numbers.format(t.multiplier) })),
        ),
      ),
    );
    // The view lists inactive rewards too (never redeemable): the widget offers those the catalog lists (active ones).
    const offered = customer.rewards.filter((item) => catalogMissing || details[item.id]);
    fill('rewards', () => (offered.length ? offered.map(reward) : [el('li', { class: 'loyale-muted' }, text('no_rewards'))]));
  };

  let loading;
  /** The customer view and the rewards' details, fetched once for both blocks (`again`: fetch them anew). */
  const load = (again) => {
    if (!loading || again) {
      // Without the details the rewards still show, just without locks and products.
      loading = Promise.all([request('customer'), request('rewards').catch(() => null)]).then(
        ([view, catalog]) => {
          customer = view;
          details = {};
          catalogMissing = !catalog;
          catalog?.rewards.forEach((item) => (details[item.id] = item));
          render();
          // An earlier load's failure is over (this one may be the panel's retry of the one after first paint).
          if (said === text('error_load')) announce('');
        },
        () => {
          loading = null;
          fill('points', () => [text('error_load')]);
          announce(text('error_load'));
        },
      );
    }
    return loading;
  };

  let activity;
  /**
   * The member's recent ledger entries, codes and pending points, read when the panel first opens (after first paint
   * when the card is on the page, to show pending points there) and after a redemption.
   */
  const loadActivity = (again) => {
    if (activity && !again) return;
    activity = request('activity').then(({ entries, codes: issued, pendingPoints, expiry }) => {
      const codes = issued.filter((item) => item.code !== fresh);
      /** Shows the `[data-loyale-<name>]` notes under the balance when `n` > 0: the number, then what it means. */
      const note = (name, n, key, vars) =>
        all(name).forEach((node) => {
          node.hidden = !(n > 0);
          node.replaceChildren(el('strong', 0, count(key, n || 0, vars)), ' ', el('span', { class: 'loyale-muted' }, text(`${key}_info`)));
        });
      // Points of orders not spendable yet (approval period, awaiting fulfilment): beside the balance, not in it.
      note('pending', pendingPoints, 'pending');
      // Points that expire without activity (only when the program lets them): the last day they are held, a date of
      // the shop's calendar, shown as that date wherever the shopper is (noon keeps it on its day in every zone).
      note('expiry', expiry && expiry.points, 'expiring', expiry && { date: dates.format(new Date(`${expiry.date}T12:00`)) });
      fill('activity', () =>
        entries.length
          ? entries.map((entry) =>
              el(
                'li',
                { class: 'loyale-entry' },
                el('span', 0, text(`reason_${entry.reason}`) || entry.reason),
                el('span', { class: 'loyale-muted' }, dates.format(new Date(entry.createdAt))),
                el(
                  'span',
                  { class: `loyale-entry__delta${entry.delta < 0 ? ' loyale-entry__delta--minus' : ''}` },
                  deltas.format(entry.delta),
                ),
              ),
            )
          : [el('li', { class: 'loyale-muted' }, text('no_activity'))],
      );
      fill('codes', () => codes.map((item) => el('li', 0, codeCard(item))));
      all('codes-section').forEach((node) => {
        node.hidden = !codes.length;
      });
    }, () => {
      activity = null;
      fill('activity', () => [el('li', { class: 'loyale-muted' }, text('error_activity'))]);
    });
  };

  let perkLoading;
  /** The member's monthly tier perk and this month's code (/apps/loyale/perks), shown once the tier is known. */
  const loadPerk = () =>
    (perkLoading = perkLoading || request('perks').then(({ perk, currentGrant }) => {
      const tier = customer && customer.tier ? customer.tier.name : '';
      all('perk').forEach((node) => {
        node.hidden = !perk;
      });
      if (perk) {
        fill('perk', () => [
          el('p', { class: 'loyale-perk__title' }, text('perk', { tier, reward: perk.rewardName })),
          currentGrant
            ? codeCard({ code: currentGrant.code, rewardName: perk.rewardName, expiresAt: currentGrant.expiresAt })
            : // No code can be granted now: say why (a deleted product), not that it is on its way.
              el('p', { class: 'loyale-muted' }, text(perk.unavailable ? `perk_${perk.unavailable}` : 'perk_pending')),
        ]);
      }
    }, () => (perkLoading = null)));

  // The panel: a modal dialog. Focus moves in on open, stays in while open, and returns to the launcher on close.
  if (layer && panel && launcher) {
    const focusable = () =>
      [...panel.querySelectorAll('a[href],button:not([disabled]),textarea,[tabindex="0"]')].filter(
        (node) => node.getClientRects().length,
      );
    const open = () => {
      layer.hidden = false;
      launcher.setAttribute('aria-expanded', 'true');
      (focusable()[0] || panel).focus();
      load().then(() => config.member && (loadPerk(), loadActivity()));
    };
    const close = () => {
      layer.hidden = true;
      launcher.setAttribute('aria-expanded', 'false');
      launcher.focus();
    };
    launcher.addEventListener('click', open);
    all('close').forEach((node) => node.addEventListener('click', close));
    layer.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') {
        event.stopPropagation();
        close();
      } else if (event.key === 'Tab') {
        const items = focusable();
        const first = items[0];
        const last = items[items.length - 1];
        const active = doc.activeElement;
        if (!first || (event.shiftKey ? active === first || active === panel : active === last)) {
          event.preventDefault();
          ((event.shiftKey ? last : first) || panel).focus();
        }
      }
    });
    // Focus that lands outside the open panel (e.g. after the focused node was re-rendered) is brought back.
    doc.addEventListener('focusin', (event) => {
      if (!layer.hidden && !panel.contains(/** @type {Node} */ (event.target))) (focusable()[0] || panel).focus();
    });
  }

  // A member's numbers load after first paint where the card shows them; otherwise, as for guests, when the panel
  // opens (the launcher shows none of them), so browsing page after page costs the app no requests until the shopper
  // looks. The activity (it carries the pending points the card shows) follows them rather than competing.
  const idle = window.requestIdleCallback || ((callback) => setTimeout(callback, 1));
  const card = doc.querySelector('.loyale-card');
  if (config.member && card) idle(() => load().then(loadPerk).then(() => card.querySelector('[data-loyale-pending]') && loadActivity()));
})();
