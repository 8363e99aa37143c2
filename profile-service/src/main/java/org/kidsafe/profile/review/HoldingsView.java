package org.kidsafe.profile.review;


import java.util.List;

/** What this service holds about a child, by kind; the gateway combines the services' answers. */
public record HoldingsView(String service, List<Holding> holdings) {
}
