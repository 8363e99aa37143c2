package org.kidsafe.consent.account;

/** The identity provider could not delete an account now; the deletion stays due and is retried later. */
public class ParentAccountsUnavailableException extends RuntimeException {

    ParentAccountsUnavailableException(String message) {
        super(message);
    }
}
