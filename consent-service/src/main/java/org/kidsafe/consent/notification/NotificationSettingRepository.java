package org.kidsafe.consent.notification;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.UUID;

@ApplicationScoped
public class NotificationSettingRepository implements PanacheRepositoryBase<NotificationSetting, UUID> {
}
