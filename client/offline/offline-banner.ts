import { h, replaceChildren } from '../dom';
import { icon } from '../icons';
import { asOfLabel, connectivity, onConnectivity, reportOffline, type Connectivity } from './connectivity';

/**
 * The strip under the header while the server cannot be reached: "Offline, as
 * of 14:32", and that what shows is this device's copy and that signing waits
 * for the connection (nothing is sent or queued meanwhile). A polite live
 * region, so a screen reader hears it once when the connection drops.
 */
export function createOfflineBanner(): HTMLElement {
  const banner = h('div', { class: 'offline-banner', attrs: { role: 'status' } });
  const render = (state: Connectivity) => {
    banner.hidden = !state.offline;
    if (!state.offline) {
      replaceChildren(banner);
      return;
    }
    replaceChildren(
      banner,
      icon('cloudOff'),
      h('span', {}, h('strong', {}, state.asOf === null ? 'Offline' : `Offline, as of ${asOfLabel(state.asOf)}`), '. You are reading what this device last saw. Signing needs the connection: nothing is sent until it returns.'),
    );
  };
  render(connectivity());
  onConnectivity(render);
  // The browser may know first that the link dropped; the next request confirms when it is back.
  window.addEventListener('offline', () => reportOffline());
  return banner;
}
