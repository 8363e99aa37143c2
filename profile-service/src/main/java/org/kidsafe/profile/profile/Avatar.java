package org.kidsafe.profile.profile;

/** The built-in avatars. There are no uploads: a picture of a child is never part of a profile. */
public enum Avatar {
    BEAR,
    CAT,
    DINOSAUR,
    DOG,
    DRAGON,
    FOX,
    OWL,
    PANDA,
    PENGUIN,
    RABBIT,
    ROBOT,
    ROCKET,
    UNICORN,
    WHALE
}
