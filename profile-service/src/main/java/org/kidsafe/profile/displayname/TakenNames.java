package org.kidsafe.profile.displayname;

/**
 * Whether a display name is in use by any child. Display names are this feature's concept, their store is the
 * profile feature's: the profile feature implements this, so the dependency runs one way (profile -> displayname).
 */
public interface TakenNames {

    boolean isTaken(String displayName);
}
