-- Issue 16: every topic has one producer. Events the previous release left unsent in the outbox for the shared
-- 'kidsafe.erasure.events' go to the topic their producer now owns: consent-service's requests to
-- 'kidsafe.erasure.requests', each participant's report to its own 'kidsafe.<service>.erasure-reports' (the
-- report names its service). Versioned above every service's own migrations of that release, so it runs in
-- each service's database once they are applied.
UPDATE outbox_event
   SET topic = 'kidsafe.erasure.requests'
 WHERE topic = 'kidsafe.erasure.events'
   AND event_type = 'ErasureRequested';

UPDATE outbox_event
   SET topic = CASE envelope::jsonb -> 'payload' ->> 'service'
                   WHEN 'profile-service' THEN 'kidsafe.profile.erasure-reports'
                   WHEN 'media-service' THEN 'kidsafe.media.erasure-reports'
               END
 WHERE topic = 'kidsafe.erasure.events'
   AND event_type = 'ErasureCompleted'
   AND envelope::jsonb -> 'payload' ->> 'service' IN ('profile-service', 'media-service');
