package org.kidsafe.consent.notice;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.List;
import java.util.Optional;

/**
 * What the direct notice says about the operator and the third parties data may be disclosed to. The keys keep the
 * service-wide {@code kidsafe.consent} prefix that deployments already set; only the notice reads them.
 */
@ConfigMapping(prefix = "kidsafe.consent")
public interface NoticeSettings {

    /** The operator named in the notice (16 CFR 312.4(d)(1)). */
    @WithDefault("The operator of this KidSafe toy service")
    String operatorName();

    /** Where parents reach the operator about their child's information. */
    @WithDefault("privacy@kidsafe.invalid")
    String operatorContact();

    /** Third parties (or categories of them) that receive data under THIRD_PARTY_DISCLOSURE consent, each with its purpose. */
    Optional<List<String>> thirdParties();
}
